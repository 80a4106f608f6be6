import type { NestExpressApplication } from '@nestjs/platform-express';
import * as amqplib from 'amqplib';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import { DataSource } from 'typeorm';
import type { ApiMode, WebhookDeliveryView, WebhookEndpointCreated, WebhookListPage } from '@lipa/contracts';
import { RpcClient, Topology } from '@lipa/messaging';
import { createServiceApp, loadConfig } from '@lipa/platform';
import { createTestDatabase, deleteQueuesWithPrefix, eventually, infra, testPrefix, TestDatabase } from '@lipa/testing';
import { WebhookDispatcherConfig } from '../src/config';
import { definition } from '../src/webhook-dispatcher.definition';

export const RETRY_DELAYS_MS = [100, 200, 400];

/**
 * webhook-dispatcher started in-process on its own database and AMQP prefix, plus a raw publisher
 * for events. Receivers listen on 127.0.0.1 (any port), which the harness allows as a private
 * target; a suite that tests the guard overrides WEBHOOK_ALLOWED_PRIVATE_TARGETS.
 */
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
      WEBHOOK_ALLOWED_PRIVATE_TARGETS: '127.0.0.1',
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

  /**
   * An endpoint through the create RPC. A live endpoint must be https, and the test receivers speak
   * plain http: it is created with the https form of `url`, then pointed at `url` in the database.
   */
  async createEndpoint(merchant: string, url: string, options: { mode?: ApiMode; events?: string[] } = {}): Promise<WebhookEndpointCreated> {
    const mode = options.mode ?? 'test';
    const asCreated = mode === 'live' ? url.replace(/^http:/, 'https:') : url;
    const created = await this.request<WebhookEndpointCreated>('webhook.endpoint.create', {
      merchant_id: merchant,
      mode,
      url: asCreated,
      events: options.events,
    });
    if (asCreated === url) return created;
    await this.query('UPDATE webhooks.endpoints SET url = $2 WHERE id = $1', [created.id, url]);
    return { ...created, url };
  }

  deliveriesOf(merchant: string, endpointId: string, filters: Record<string, unknown> = {}, mode: ApiMode = 'test'): Promise<WebhookDeliveryView[]> {
    return this.deliveryPage(merchant, endpointId, filters, mode).then((p) => p.data);
  }

  deliveryPage(
    merchant: string,
    endpointId: string,
    filters: Record<string, unknown> = {},
    mode: ApiMode = 'test',
  ): Promise<WebhookListPage<WebhookDeliveryView>> {
    return this.request<WebhookListPage<WebhookDeliveryView>>('webhook.delivery.list', { merchant_id: merchant, mode, endpoint_id: endpointId, ...filters });
  }

  /** Waits until the endpoint's only (or newest) delivery has `status`, and returns it. */
  settled(merchant: string, endpointId: string, status: 'delivered' | 'failed', mode: ApiMode = 'test'): Promise<WebhookDeliveryView> {
    return eventually(async () => {
      const [d] = await this.deliveriesOf(merchant, endpointId, {}, mode);
      expect(d?.status).toBe(status);
      return d;
    });
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

  /** Resolves once the dispatcher has taken the event (its inbox row committed). */
  async consumed(eventId: string): Promise<void> {
    await eventually(async () => expect(await this.query('SELECT 1 FROM webhooks.inbox WHERE envelope_id = $1', [eventId])).toHaveLength(1));
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.dataSource.query(sql, params);
  }

  private async deleteBrokerObjects(): Promise<void> {
    const t = new Topology(this.prefix);
    const service = 'webhook-dispatcher';
    const queues = [t.eventsQueue(service), t.commandsQueue(service), t.workQueue(service), t.dlq(service)];
    for (const name of queues) {
      const ch = await this.conn!.createChannel();
      ch.on('error', () => undefined);
      await ch.deleteQueue(name).catch(() => undefined);
      await ch.close().catch(() => undefined);
    }
    // Retry and deferral queues are declared per delay actually used (jittered): sweep the prefix.
    await deleteQueuesWithPrefix(this.prefix);
    for (const name of [t.eventsExchange, t.commandsExchange, t.dlxExchange]) {
      const ch = await this.conn!.createChannel();
      ch.on('error', () => undefined);
      await ch.deleteExchange(name).catch(() => undefined);
      await ch.close().catch(() => undefined);
    }
  }
}

type PaymentEvent = ReturnType<typeof paymentCompleted>;

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
    } as Record<string, unknown>,
  };
}

/** payment.failed (cancelled by the customer) for the same shape of payment. */
export function paymentFailed(merchantId: string, overrides: Record<string, unknown> = {}): PaymentEvent {
  const event = paymentCompleted(merchantId, { status: 'cancelled', result_code: '1032', result_desc: 'Request cancelled by user', ...overrides });
  delete event.payload.transaction_code;
  return { ...event, type: 'payment.failed' };
}

export function merchantId(): string {
  return `mer_${randomUUID().slice(0, 8)}`;
}

export interface HangingRequest {
  path: string;
  headers: IncomingHttpHeaders;
  receivedAt: number;
}

/**
 * A receiver that reads each request and never answers (until the dispatcher's attempt times out or
 * `close()`): a merchant server that hangs. `open` counts requests still waiting for an answer.
 */
export class HangingServer {
  readonly requests: HangingRequest[] = [];
  private readonly waiting = new Set<{ res: ServerResponse; request: HangingRequest }>();
  private readonly sockets = new Set<Socket>();
  private server!: Server;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const request: HangingRequest = { path: req.url ?? '/', headers: req.headers, receivedAt: Date.now() };
        this.requests.push(request);
        const entry = { res, request };
        this.waiting.add(entry);
        this.maxOpen = Math.max(this.maxOpen, this.waiting.size);
        res.on('close', () => this.waiting.delete(entry));
      });
    });
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Requests whose connection is still open, waiting for an answer. */
  get open(): number {
    return this.waiting.size;
  }

  /** The most requests that were ever open at once. */
  maxOpen = 0;

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

export interface ScriptedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: { type?: string; id?: string; data?: Record<string, unknown> } | undefined;
  receivedAt: number;
}

/** A receiver that answers each request with `answer(request)` (a status code, or null: never answer) and records it. */
export class ScriptedServer {
  readonly requests: ScriptedRequest[] = [];
  answer: (request: ScriptedRequest) => number | null = () => 200;
  private server!: Server;
  private readonly sockets = new Set<Socket>();

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: ScriptedRequest['json'];
        try {
          json = JSON.parse(body) as ScriptedRequest['json'];
        } catch {
          json = undefined;
        }
        const request: ScriptedRequest = { path: req.url ?? '/', headers: req.headers, body, json, receivedAt: Date.now() };
        this.requests.push(request);
        const status = this.answer(request);
        if (status !== null) res.writeHead(status, { 'content-type': 'text/plain' }).end(`answered ${request.json?.type ?? ''}`);
      });
    });
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  ofType(type: string): ScriptedRequest[] {
    return this.requests.filter((r) => r.json?.type === type);
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A counter's value from the running dispatcher's /metrics, 0 when the series does not exist yet. */
export async function metricValue(harness: Harness, name: string, labels: Record<string, string>): Promise<number> {
  const text = await (await fetch(`${await harness.app.getUrl()}/metrics`)).text();
  const wanted = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(wanted));
  return line ? Number(line.split(' ').pop()) : 0;
}
