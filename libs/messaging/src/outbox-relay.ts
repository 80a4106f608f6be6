import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { ChannelWrapper } from 'amqp-connection-manager';
import { Client, ClientConfig } from 'pg';
import { DataSource } from 'typeorm';
import { AmqpConnection } from './amqp-connection';
import { toBody, toPublishOptions } from './wire';
import { notifyChannel, schemaPrefix } from './sql';
import type { Envelope } from './envelope';

const BATCH = 100;
const POLL_MS = 1_000;
const LISTEN_RECONNECT_MS = 1_000;
const CONFIRM_TIMEOUT_MS = 10_000;

interface OutboxRow {
  id: string;
  exchange: string;
  routing_key: string;
  amqp_type: string;
  type: string;
  version: number;
  occurred_at: Date | string;
  correlation_id: string;
  merchant_id: string | null;
  payload: unknown;
  /** Absent in a schema without OutboxDelayedCommands1764000001000 (the relay selects `*`). */
  delay_ms?: number | null;
}

/**
 * Publishes committed outbox rows with publisher confirms. Woken by NOTIFY (a dedicated pg Client
 * that LISTENs), by a 1 s fallback poll and by every AMQP (re)connect. Rows are claimed with
 * FOR UPDATE SKIP LOCKED inside a transaction that stays open until the broker confirmed them, so
 * replicas never publish the same row concurrently; a crash between confirm and commit republishes
 * (at least once; consumers de-duplicate with the inbox). A row with delay_ms goes to the default
 * exchange, to the TTL queue of its lane and delay, which the relay declares first (once per channel:
 * the cache starts empty on every reconnect) and which dead-letters it to lipa.commands.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger('Messaging');
  private readonly table: string;
  private readonly channelName: string;
  private wrapper?: ChannelWrapper;
  private channel: ConfirmChannel | null = null;
  /** Retry queues declared on `channel`; a new channel (reconnect) starts with a new set. */
  private readonly declared = new WeakMap<ConfirmChannel, Set<string>>();
  /** Ids of delayed rows the broker returned (their retry queue was gone) during the current batch. */
  private readonly returned = new Set<string>();
  private listener: Client | null = null;
  private poll?: NodeJS.Timeout;
  private listenRetry?: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly amqp: AmqpConnection,
  ) {
    this.table = `${schemaPrefix(dataSource)}outbox`;
    this.channelName = notifyChannel(dataSource);
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.wrapper = this.amqp.createChannel('outbox-relay', async (ch: ConfirmChannel) => {
      await this.amqp.topology.assertExchanges(ch);
      this.channel = ch;
      ch.on('close', () => {
        if (this.channel === ch) this.channel = null;
      });
      // Delayed rows are published `mandatory`: a retry queue deleted behind our back returns them.
      ch.on('return', (msg: ConsumeMessage) => {
        this.declared.get(ch)?.delete(msg.fields.routingKey);
        if (typeof msg.properties.messageId === 'string') this.returned.add(msg.properties.messageId);
      });
      // Rows committed while the broker was away go out now.
      setImmediate(() => this.trigger());
    });
    await this.listen();
    this.poll = setInterval(() => this.trigger(), POLL_MS);
    this.poll.unref();
    this.trigger();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    if (this.listenRetry) clearTimeout(this.listenRetry);
    const l = this.listener;
    this.listener = null;
    if (l) await l.end().catch(() => undefined);
    if (this.running) await this.running.catch(() => undefined);
    if (this.wrapper) await this.amqp.closeChannel(this.wrapper);
    this.channel = null;
  }

  /** Run the relay now (or once more right after the run in progress). */
  trigger(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        this.trigger();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        this.again = false;
        if (this.stopped || !this.channel) return;
        const n = await this.publishBatch(this.channel);
        if (n < BATCH && !this.again) return;
      }
    } catch (err) {
      // Rows stay unpublished; the next notify, poll or reconnect retries them.
      this.logger.warn({ msg: 'outbox.publish_failed', err: (err as Error).message });
    }
  }

  private async publishBatch(ch: ConfirmChannel): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      // `*`: delay_ms exists only once OutboxDelayedCommands1764000001000 ran.
      const rows: OutboxRow[] = await tx.query(
        `SELECT *
           FROM ${this.table}
          WHERE published_at IS NULL
          ORDER BY created_at
          LIMIT ${BATCH}
          FOR UPDATE SKIP LOCKED`,
      );
      if (rows.length === 0) return 0;
      this.returned.clear();
      for (const row of rows) {
        const envelope: Envelope = {
          id: row.id,
          type: row.type,
          version: row.version,
          occurred_at: new Date(row.occurred_at).toISOString(),
          correlation_id: row.correlation_id,
          payload: row.payload,
        };
        if (row.merchant_id !== null) envelope.merchant_id = row.merchant_id;
        const options = toPublishOptions(envelope, row.amqp_type);
        if (row.delay_ms) {
          const queue = await this.retryQueue(ch, row.routing_key, row.delay_ms);
          ch.publish('', queue, toBody(row.payload), { ...options, mandatory: true });
        } else {
          ch.publish(row.exchange, row.routing_key, toBody(row.payload), options);
        }
      }
      await withTimeout(ch.waitForConfirms(), CONFIRM_TIMEOUT_MS, 'publisher confirms timed out');
      // The broker sends basic.return before the confirm, so a lost retry queue is known by now:
      // roll back, and the next run declares it again and republishes (at least once).
      if (rows.some((r) => this.returned.has(r.id))) throw new Error('a delayed command was returned (retry queue missing); republishing');
      await tx.query(`UPDATE ${this.table} SET published_at = now() WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
      for (const row of rows) {
        this.logger.log({ msg: 'outbox.published', envelope_id: row.id, type: row.amqp_type, correlation_id: row.correlation_id });
      }
      return rows.length;
    });
  }

  /** The TTL queue that dead-letters to lipa.commands / `routingKey` after `delayMs`, declared once per channel. */
  private async retryQueue(ch: ConfirmChannel, routingKey: string, delayMs: number): Promise<string> {
    const t = this.amqp.topology;
    const name = t.retryQueueFor(routingKey, delayMs);
    let seen = this.declared.get(ch);
    if (!seen) {
      seen = new Set();
      this.declared.set(ch, seen);
    }
    if (!seen.has(name)) {
      await t.assertRetryQueueFor(ch, routingKey, delayMs);
      seen.add(name);
    }
    return name;
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client(pgConfig(this.dataSource));
    const retry = (err?: Error) => {
      if (this.listener !== client) return;
      this.listener = null;
      client.end().catch(() => undefined);
      if (this.stopped) return;
      this.logger.warn({ msg: 'outbox.listen_lost', err: err?.message });
      this.scheduleListen();
    };
    client.on('error', (err) => retry(err));
    client.on('end', () => retry());
    client.on('notification', () => this.trigger());
    this.listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channelName.replace(/"/g, '""')}"`);
      // Whatever was committed while we were not listening.
      this.trigger();
    } catch (err) {
      retry(err as Error);
    }
  }

  private scheduleListen(): void {
    if (this.listenRetry || this.stopped) return;
    this.listenRetry = setTimeout(() => {
      this.listenRetry = undefined;
      void this.listen();
    }, LISTEN_RECONNECT_MS);
    this.listenRetry.unref();
  }
}

function pgConfig(ds: DataSource): ClientConfig {
  const o = ds.options as {
    url?: string;
    host?: string;
    port?: number;
    username?: string;
    password?: string | (() => string | Promise<string>);
    database?: string;
    ssl?: ClientConfig['ssl'];
  };
  return {
    connectionString: o.url,
    host: o.host,
    port: o.port,
    user: o.username,
    password: o.password as ClientConfig['password'],
    database: o.database,
    ssl: o.ssl,
    keepAlive: true,
    application_name: 'lipa-outbox-relay',
  };
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
