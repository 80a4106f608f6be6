import type { INestApplication } from '@nestjs/common';
import { createServiceApp, loadConfig } from '@lipa/platform';
import { createTestDatabase, infra } from '@lipa/testing';
import { LedgerServiceConfig } from '../../ledger-service/src/config';
import { definition } from '../../ledger-service/src/ledger-service.definition';

export interface RunningLedger {
  app: INestApplication;
  databaseUrl: string;
  close(): Promise<void>;
}

/**
 * The real ledger-service on the suite's AMQP prefix, with its own database: stk-service holds each
 * push's fee there (ledger.fee.hold) before calling Daraja, as in production. Its queues go with
 * the suite's prefix (deleteQueuesWithPrefix).
 */
export async function startLedger(label: string, prefix: string): Promise<RunningLedger> {
  const db = await createTestDatabase(label);
  const config = loadConfig(LedgerServiceConfig, {
    DATABASE_URL: db.url,
    AMQP_URL: infra.amqpUrl,
    REDIS_URL: infra.redisUrl,
    AMQP_PREFIX: prefix,
    REDIS_KEY_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    LEDGER_HOLD_SWEEP_INTERVAL_MS: '600000',
  });
  const app = await createServiceApp(definition, config);
  await app.listen(0, '127.0.0.1');
  return {
    app,
    databaseUrl: db.url,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
