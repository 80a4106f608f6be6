import { createServiceApp, loadConfig } from '@lipa/platform';
import { TestDatabase, createTestDatabase, deleteQueuesWithPrefix, testPrefix } from '@lipa/testing';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { definition } from '../src/b2c-payout-service.definition';
import { B2cPayoutServiceConfig } from '../src/config';

describe('b2c-payout-service starts on its own schema and reports ready', () => {
  let database: TestDatabase;
  let app: INestApplication;
  const prefix = testPrefix('b2c');

  beforeAll(async () => {
    database = await createTestDatabase('b2c');
    const config = loadConfig(B2cPayoutServiceConfig, { DATABASE_URL: database.url, AMQP_PREFIX: prefix, REDIS_KEY_PREFIX: prefix, LOG_LEVEL: 'warn' });
    app = await createServiceApp(definition, config);
    await app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await deleteQueuesWithPrefix(prefix);
  });

  it('migrates the payouts schema at start (outbox and inbox), without synchronize', async () => {
    const db = new Client({ connectionString: database.url });
    await db.connect();
    try {
      const { rows } = await db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'payouts' ORDER BY table_name`);
      expect(rows.map((r) => r.table_name)).toEqual(['inbox', 'migrations', 'outbox']);
    } finally {
      await db.end();
    }
  });

  it('answers /health/live and /health/ready with database, broker and Redis up', async () => {
    const url = await app.getUrl();
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { details: Record<string, { status: string }> };
    expect(Object.fromEntries(Object.entries(body.details).map(([k, v]) => [k, v.status]))).toEqual({ database: 'up', redis: 'up', broker: 'up' });
  });

  it('serves Prometheus metrics', async () => {
    const response = await fetch(`${await app.getUrl()}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('process_cpu_user_seconds_total');
  });
});
