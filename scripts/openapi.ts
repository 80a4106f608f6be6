/**
 * Writes api-gateway's OpenAPI document to apps/api-gateway/openapi.json, or with `--check` fails when
 * the committed file no longer matches the code (CI: `npm run openapi:check`).
 *
 * No Postgres, RabbitMQ or Redis is needed: Nest's preview mode builds the module graph and reads the
 * controllers' metadata without calling any provider's constructor or factory, so no connection is
 * opened. The URLs below point at port 1 anyway, so that an attempt would fail loudly, not hang.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { format, resolveConfig } from 'prettier';
import { loadConfig } from '@lipa/platform';
import { definition } from '../apps/api-gateway/src/api-gateway.definition';
import { createOpenApiDocument } from '../apps/api-gateway/src/http/openapi-document';

const TARGET = join(__dirname, '..', 'apps', 'api-gateway', 'openapi.json');
const RELATIVE_TARGET = 'apps/api-gateway/openapi.json';

async function render(): Promise<string> {
  const config = loadConfig(definition.configClass, {
    DATABASE_URL: 'postgres://nobody@127.0.0.1:1/openapi',
    AMQP_URL: 'amqp://nobody:nobody@127.0.0.1:1',
    REDIS_URL: 'redis://127.0.0.1:1',
    LOG_LEVEL: 'silent',
  });
  const app = await NestFactory.create<NestExpressApplication>(definition.appModule(config) as never, { preview: true, abortOnError: false, logger: false });
  try {
    const document = createOpenApiDocument(app);
    // In prettier's own format, so `prettier --check .` and this script never disagree about the file.
    // Indented input keeps every object expanded (prettier keeps an object broken if its input was),
    // so a change to the API shows up as a change to a few lines.
    return await format(JSON.stringify(document, null, 2), { ...(await resolveConfig(TARGET)), filepath: TARGET });
  } finally {
    await app.close();
  }
}

function operations(json: string): Set<string> {
  const paths = (JSON.parse(json) as { paths?: Record<string, Record<string, unknown>> }).paths ?? {};
  return new Set(Object.entries(paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)));
}

async function main(): Promise<void> {
  const rendered = await render();
  if (!process.argv.includes('--check')) {
    writeFileSync(TARGET, rendered);
    process.stdout.write(`[openapi] wrote ${RELATIVE_TARGET}\n`);
    return;
  }
  let committed = '';
  try {
    committed = readFileSync(TARGET, 'utf8');
  } catch {
    committed = '';
  }
  if (committed === rendered) {
    process.stdout.write(`[openapi] ${RELATIVE_TARGET} matches the code\n`);
    return;
  }
  const before = committed ? operations(committed) : new Set<string>();
  const after = operations(rendered);
  const added = [...after].filter((op) => !before.has(op));
  const removed = [...before].filter((op) => !after.has(op));
  process.stderr.write(
    [
      `[openapi] ${RELATIVE_TARGET} is out of date with the code${committed ? '' : ' (missing)'}.`,
      ...added.map((op) => `  + ${op}`),
      ...removed.map((op) => `  - ${op}`),
      ...(added.length + removed.length === 0 ? ['  (same routes; descriptions, schemas or examples changed)'] : []),
      'Fix: run `npm run openapi` and commit apps/api-gateway/openapi.json.',
      '',
    ].join('\n'),
  );
  process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`[openapi] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
