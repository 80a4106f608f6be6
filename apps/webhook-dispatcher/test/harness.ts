import type { NestExpressApplication } from '@nestjs/platform-express';
import * as amqplib from 'amqplib';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RpcClient, Topology } from '@lipa/messaging';
import { createServiceApp, loadConfig } from '@lipa/platform';
import { createTestDatabase, deleteQueuesWithPrefix, infra, testPrefix, TestDatabase } from '@lipa/testing';
import { WebhookDispatcherConfig } from '../src/config';
import { definition } from '../src/webhook-dispatcher.definition';

export const RETRY_DELAYS_MS = [100, 200, 400];

/** webhook-dispatcher started in-process on its own database and AMQP prefix, plus a raw publisher for events. */
export class Harness {
  app!: NestExpressApplication;
  db!: TestDatabase;
  dataSource!: DataSource;
  rpc!: RpcClient;
  private readonly prefix = testPrefix('wd');
  private conn?: amqplib.ChannelModel;
  private channel?: amqplib.ConfirmChannel;

  async start(env: Record<string, string> = {}): Promise<this> {
    this.db = await createTestDatabase('webhooks');
    const config = loadConfig(WebhookDispatcherConfig, {
      DATABASE_URL: this.db.url,
      AMQP_URL: infra.amqpUrl,
      AMQP_PREFIX: this.prefix,
      REDIS_KEY_PREFIX: this.prefix,
      LOG_LEVEL: 'warn',
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOK_RETRY_DELAYS_MS: RETRY_DELAYS_MS.join(','),
      WEBHOOK_TIMEOUT_MS: '2000',
      ...env,
    });
    this.app = await createServiceApp(definition, config);
    await this.app.listen(0, '127.0.0.1');
    this.dataSource = this.app.get(DataSource);
    this.rpc = this.app.get(RpcClient);
    this.conn = await amqplib.connect(infra.amqpUrl);
    this.conn.on('error', () => undefined);
    this.channel = await this.conn.createConfirmChannel();
    return this;
  }

  async stop(): Promise<void> {
    await this.app?.close();
    await this.deleteBrokerObjects().catch(() => undefined);
    await this.conn?.close().catch(() => undefined);
    await this.db?.drop();
  }

  /** RPC through the broker to the service's own command queue, as api-gateway calls it. */
  request<R>(command: string, payload: unknown): Promise<R> {
    return this.rpc.request<R>('webhook-dispatcher', command, payload, { correlationId: `test-${randomUUID()}`, timeoutMs: 5_000 });
  }

  /** Publishes an event to lipa.events exactly as another service's outbox relay would (docs/design.md §2 wire format). */
  async publishEvent(envelope: { id: string; type: string; occurred_at: string; merchant_id: string; payload: unknown }): Promise<void> {
    const ch = this.channel!;
    ch.publish(new Topology(this.prefix).eventsExchange, envelope.type, Buffer.from(JSON.stringify(envelope.payload)), {
      messageId: envelope.id,
      type: envelope.type,
      correlationId: `corr-${envelope.id}`,
      contentType: 'application/json',
      persistent: true,
      headers: { version: 1, occurred_at: envelope.occurred_at, merchant_id: envelope.merchant_id },
    });
    await ch.waitForConfirms();
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.dataSource.query(sql, params);
  }

  private async deleteBrokerObjects(): Promise<void> {
    const t = new Topology(this.prefix);
    const service = 'webhook-dispatcher';
    const queues = [t.eventsQueue(service), t.commandsQueue(service), t.dlq(service), ...RETRY_DELAYS_MS.map((d) => t.retryQueue(service, d))];
    for (const name of queues) {
      const ch = await this.conn!.createChannel();
      ch.on('error', () => undefined);
      await ch.deleteQueue(name).catch(() => undefined);
      await ch.close().catch(() => undefined);
    }
    // Retry queues are declared per delay actually used (jittered schedules in some tests): sweep the prefix too.
    await deleteQueuesWithPrefix(this.prefix);
    for (const name of [t.eventsExchange, t.commandsExchange, t.dlxExchange]) {
      const ch = await this.conn!.createChannel();
      ch.on('error', () => undefined);
      await ch.deleteExchange(name).catch(() => undefined);
      await ch.close().catch(() => undefined);
    }
  }
}

export function paymentCompleted(merchantId: string, overrides: Record<string, unknown> = {}) {
  const id = randomUUID();
  return {
    id,
    type: 'payment.completed',
    occurred_at: new Date().toISOString(),
    merchant_id: merchantId,
    payload: {
      transaction_id: `txn_${id.slice(0, 8)}`,
      merchant_id: merchantId,
      mode: 'test',
      amount_minor: '150000',
      currency: 'KES',
      phone: '254708374149',
      reference: 'INV-001',
      description: 'Order 1',
      checkout_request_id: 'ws_CO_191220191020363925',
      merchant_request_id: '29115-34620561-1',
      result_code: '0',
      result_desc: 'The service request is processed successfully.',
      created_at: '2026-11-25T10:00:00.000Z',
      completed_at: '2026-11-25T10:00:09.000Z',
      status: 'completed',
      transaction_code: 'UJ22T8IYOU',
      ...overrides,
    },
  };
}

export function merchantId(): string {
  return `mer_${randomUUID().slice(0, 8)}`;
}
