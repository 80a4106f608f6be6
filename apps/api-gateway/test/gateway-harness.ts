import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import { createServiceApp, loadConfig } from '@lipa/platform';
import { createTestDatabase, deleteQueuesWithPrefix, infra, testPrefix, type TestDatabase } from '@lipa/testing';
import { definition } from '../src/api-gateway.definition';
import { ApiGatewayConfig } from '../src/config';
import { FakeLedgerService, FakeStkService, FakeWebhookDispatcher, startFake } from './fakes';
import { httpClient } from './helpers';

export type Body = Record<string, any>;

/** The gateway in-process on port 0 over real Postgres, RabbitMQ and Redis, with fake services behind it on real RPC. */
export interface GatewayHarness {
  gateway: NestExpressApplication;
  call: ReturnType<typeof httpClient>;
  pg: Client;
  prefix: string;
  stk: FakeStkService;
  ledger: FakeLedgerService;
  webhooks: FakeWebhookDispatcher;
  config: ApiGatewayConfig;
  /** Signs a new merchant up, logs in and makes a test key: the start of most tests. */
  merchantWithKey(): Promise<{ merchantId: string; session: string; keyId: string; apiKey: string; secret: string }>;
  /** Another gateway process's worth: a second app on the same database, broker and Redis. */
  replica(): Promise<{ call: ReturnType<typeof httpClient>; close(): Promise<void> }>;
  stop(): Promise<void>;
}

/** `fakes: false` for suites that never reach a service behind the gateway. */
export async function startGateway(name: string, env: Record<string, string> = {}, options: { fakes?: boolean } = {}): Promise<GatewayHarness> {
  const db: TestDatabase = await createTestDatabase(name);
  const prefix = testPrefix(name.slice(0, 6));
  const stk = new FakeStkService();
  const ledger = new FakeLedgerService();
  const webhooks = new FakeWebhookDispatcher();
  const fakes: INestApplicationContext[] =
    options.fakes === false
      ? []
      : await Promise.all([
          startFake('stk-service', stk, db.url, prefix),
          startFake('ledger-service', ledger, db.url, prefix),
          startFake('webhook-dispatcher', webhooks, db.url, prefix),
        ]);
  const config = loadConfig(ApiGatewayConfig, {
    DATABASE_URL: db.url,
    AMQP_URL: infra.amqpUrl,
    REDIS_URL: infra.redisUrl,
    AMQP_PREFIX: prefix,
    REDIS_KEY_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    ARGON2_MEMORY_KIB: '4096',
    RPC_TIMEOUT_MS: '25000',
    ...env,
  });
  const gateway = await createServiceApp(definition, config);
  await gateway.listen(0, '127.0.0.1');
  const pg = new Client({ connectionString: db.url });
  await pg.connect();
  const replicas: NestExpressApplication[] = [];
  const call = httpClient(await gateway.getUrl());
  let seq = 0;
  return {
    gateway,
    call,
    pg,
    prefix,
    stk,
    ledger,
    webhooks,
    config,
    async merchantWithKey() {
      const username = `m${Date.now().toString(36)}${(seq += 1)}`;
      const password = 'correct horse battery';
      const reg = await call<Body>('POST', '/v1/auth/register', { json: { username, email: `${username}@example.com`, password } });
      if (reg.status !== 201) throw new Error(`sign-up answered ${reg.status}: ${reg.text}`);
      const login = await call<Body>('POST', '/v1/auth/login', { json: { user: username, password } });
      const key = await call<Body>('POST', '/v1/api-keys', {
        json: { mode: 'test', label: 'server' },
        headers: { authorization: `Bearer ${login.body.token}` },
      });
      if (key.status !== 201) throw new Error(`key creation answered ${key.status}: ${key.text}`);
      return { merchantId: reg.body.merchant_id, session: login.body.token, keyId: key.body.id, apiKey: key.body.api_key, secret: key.body.api_secret };
    },
    async replica() {
      const app = await createServiceApp(definition, config);
      await app.listen(0, '127.0.0.1');
      replicas.push(app);
      return { call: httpClient(await app.getUrl()), close: () => app.close() };
    },
    async stop() {
      for (const app of replicas) await app.close().catch(() => undefined);
      await gateway.close();
      for (const fake of fakes) await fake.close();
      await pg.end();
      await db.drop();
      await deleteQueuesWithPrefix(prefix);
    },
  };
}
