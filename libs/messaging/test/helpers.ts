import { DynamicModule, Global, Logger, Module, Provider } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import * as amqplib from 'amqplib';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MESSAGING_MIGRATIONS, MessagingModule, MessagingOptions } from '@lipa/messaging';

const exec = promisify(execFile);

// The integration project's testTimeout does not reach hooks here; real brokers need more than 5 s.
jest.setTimeout(60_000);

export const PG_URL = process.env['LIPA_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432';
export const AMQP_URL = process.env['LIPA_TEST_AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';

export function randomPrefix(): string {
  return `t${randomBytes(4).toString('hex')}.`;
}

/** Polls `fn` until it returns without throwing (and not false); fails with the last error at the deadline. */
export async function eventually<T>(fn: () => T | Promise<T>, timeoutMs = 10_000, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== false) return v;
      lastErr = new Error('condition was false');
    } catch (err) {
      lastErr = err;
    }
    if (Date.now() > deadline) throw lastErr;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A database of its own per suite, dropped afterwards. */
export class TestDatabase {
  readonly name = `lipa_msg_${randomBytes(5).toString('hex')}`;
  readonly url = `${PG_URL}/${this.name}`;
  private readonly sources: DataSource[] = [];

  async create(): Promise<void> {
    await adminQuery(`CREATE DATABASE "${this.name}"`);
  }

  /** A DataSource on `schema`, with the schema created and the messaging migration run. */
  async dataSource(schema: string): Promise<DataSource> {
    const ds = new DataSource({
      type: 'postgres',
      url: this.url,
      schema,
      migrations: MESSAGING_MIGRATIONS,
      migrationsTableName: 'migrations',
      extra: { max: 10 },
    });
    await ds.initialize();
    await ds.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    // Two DataSources on one schema (the relay test) must not run the migration twice at once.
    await ds.query(`SELECT pg_advisory_lock(hashtext($1))`, [schema]).catch(() => undefined);
    try {
      await ds.runMigrations();
    } finally {
      await ds.query(`SELECT pg_advisory_unlock(hashtext($1))`, [schema]).catch(() => undefined);
    }
    this.sources.push(ds);
    return ds;
  }

  async drop(): Promise<void> {
    for (const ds of this.sources) if (ds.isInitialized) await ds.destroy().catch(() => undefined);
    await adminQuery(`DROP DATABASE IF EXISTS "${this.name}" WITH (FORCE)`);
  }
}

async function adminQuery(sql: string): Promise<void> {
  const c = new Client({ connectionString: `${PG_URL}/postgres` });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

@Global()
@Module({})
class TestDataSourceModule {
  static forRoot(ds: DataSource): DynamicModule {
    return {
      module: TestDataSourceModule,
      global: true,
      providers: [{ provide: DataSource, useValue: ds }],
      exports: [DataSource],
    };
  }
}

/** A small Nest "service": its DataSource, MessagingModule and handler providers; started (consumers + relay). */
export async function startService(ds: DataSource, options: Omit<MessagingOptions, 'amqpUrl'>, providers: Provider[] = []): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [TestDataSourceModule.forRoot(ds), MessagingModule.forRoot({ amqpUrl: AMQP_URL, ...options })],
    providers,
  })
    .setLogger(new Logger())
    .compile();
  moduleRef.useLogger(['error', 'warn']);
  try {
    await moduleRef.init();
  } catch (err) {
    await moduleRef.close().catch(() => undefined);
    throw err;
  }
  return moduleRef;
}

/** A plain amqplib connection for the test's own publishing and inspecting. */
export async function rawAmqp(): Promise<{ conn: amqplib.ChannelModel; ch: amqplib.ConfirmChannel }> {
  const conn = await amqplib.connect(AMQP_URL);
  conn.on('error', () => undefined);
  const ch = await conn.createConfirmChannel();
  ch.on('error', () => undefined);
  return { conn, ch };
}

/**
 * Deletes every queue whose name starts with `prefix` (no management API here: rabbitmqctl lists
 * them, about 1.5 s) and the three exchanges the lib declares under that prefix.
 */
export async function deleteBrokerObjects(prefix: string): Promise<void> {
  const { stdout } = await exec('rabbitmqctl', ['-q', 'list_queues', 'name', '--no-table-headers']);
  const queues = stdout
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s.startsWith(prefix));
  const exchanges = ['lipa.events', 'lipa.commands', 'lipa.dlx'].map((e) => `${prefix}${e}`);
  const conn = await amqplib.connect(AMQP_URL);
  conn.on('error', () => undefined);
  try {
    for (const name of queues) {
      const ch = await conn.createChannel();
      ch.on('error', () => undefined);
      await ch.deleteQueue(name).catch(() => undefined);
      await ch.close().catch(() => undefined);
    }
    for (const name of exchanges) {
      const ch = await conn.createChannel();
      ch.on('error', () => undefined);
      await ch.deleteExchange(name).catch(() => undefined);
      await ch.close().catch(() => undefined);
    }
  } finally {
    await conn.close().catch(() => undefined);
  }
}

/** Waits for a message on `queue` (basic.get polling) that satisfies `match`. */
export async function getMessage(
  ch: amqplib.Channel,
  queue: string,
  match: (m: amqplib.GetMessage) => boolean,
  timeoutMs = 20_000,
): Promise<amqplib.GetMessage> {
  return eventually(async () => {
    for (;;) {
      const m = await ch.get(queue, { noAck: false });
      if (!m) throw new Error(`no matching message in ${queue}`);
      ch.ack(m);
      if (match(m)) return m;
    }
  }, timeoutMs);
}
