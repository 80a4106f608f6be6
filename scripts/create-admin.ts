/**
 * Creates the first admin (or promotes an existing user), against the gateway's database:
 *
 *   npm run create-admin -- --username root --email ops@example.com --password 'a long admin password'
 *
 * Uses the gateway's own configuration (DATABASE_URL, ARGON2_MEMORY_KIB, …) and migrates its schema first.
 */
import { parseArgs } from 'node:util';
import { MESSAGING_MIGRATIONS } from '@lipa/messaging';
import { initializeServiceDatabase, loadConfig } from '@lipa/platform';
import { createAdmin } from '../apps/api-gateway/src/admin/create-admin';
import { ApiGatewayConfig } from '../apps/api-gateway/src/config';
import { GATEWAY_MIGRATIONS } from '../apps/api-gateway/src/persistence/migrations';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { username: { type: 'string' }, email: { type: 'string' }, password: { type: 'string' }, phone: { type: 'string' } },
  });
  const password = values.password ?? process.env.LIPA_ADMIN_PASSWORD;
  if (!values.username || !values.email || !password) {
    process.stderr.write('usage: npm run create-admin -- --username NAME --email EMAIL --password PASSWORD (or LIPA_ADMIN_PASSWORD)\n');
    process.exit(2);
  }
  const config = loadConfig(ApiGatewayConfig);
  const dataSource = await initializeServiceDatabase({
    url: config.DATABASE_URL,
    schema: 'gateway',
    entities: [],
    migrations: [...MESSAGING_MIGRATIONS, ...GATEWAY_MIGRATIONS],
  });
  try {
    const { merchant, created } = await createAdmin(dataSource, config, { username: values.username, email: values.email, password, phone: values.phone });
    process.stdout.write(`${created ? 'Created' : 'Promoted'} admin ${merchant.username} (${merchant.id}); log in at POST /v1/auth/login\n`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`create-admin failed: ${error.message}\n`);
  process.exit(1);
});
