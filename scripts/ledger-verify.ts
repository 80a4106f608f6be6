/**
 * Recomputes every ledger balance from its transfers and prints any difference; exits 1 on one:
 *
 *   DATABASE_URL=postgres://… npm run ledger:verify
 *
 * Uses ledger-service's own configuration (DATABASE_URL) and only reads the `ledger` schema. The
 * checks are apps/ledger-service/src/ledger/ledger-verification.ts.
 */
import { Client } from 'pg';
import { loadConfig } from '@lipa/platform';
import { LedgerServiceConfig } from '../apps/ledger-service/src/config';
import { ledgerDifferences } from '../apps/ledger-service/src/ledger/ledger-verification';

async function main(): Promise<number> {
  const config = loadConfig(LedgerServiceConfig);
  const client = new Client({ connectionString: config.DATABASE_URL });
  await client.connect();
  try {
    // One snapshot for every check: a ledger being written to is still compared with itself.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const differences = await ledgerDifferences(async (sql) => (await client.query(sql)).rows);
    const [{ accounts, transfers }] = (
      await client.query(`SELECT (SELECT count(*) FROM ledger.accounts)::int AS accounts, (SELECT count(*) FROM ledger.transfers)::int AS transfers`)
    ).rows;
    await client.query('COMMIT');
    for (const d of differences) process.stdout.write(`DIFFERENCE ${d.check} ${d.subject}: stored ${d.stored}, recomputed ${d.recomputed}\n`);
    process.stdout.write(`ledger:verify checked ${accounts} accounts and ${transfers} transfers: ${differences.length} difference(s)\n`);
    return differences.length === 0 ? 0 : 1;
  } finally {
    await client.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`ledger:verify failed: ${error.message}\n`);
    process.exit(2);
  },
);
