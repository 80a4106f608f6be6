import { createServer, Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { WebhookDeliveryView, WebhookEndpointCreated, WebhookEndpointView, WebhookListPage } from '@lipa/contracts';
import { eventually } from '@lipa/testing';
import { Harness, merchantId, paymentCompleted } from './harness';

jest.setTimeout(30_000);

/** A loopback HTTP receiver that counts TCP connections and requests; `/redirect` answers 302 to `redirectTo`, `/huge` streams 1 MB. */
class Receiver {
  connections = 0;
  readonly paths: string[] = [];
  redirectTo = '';
  private readonly sockets = new Set<Socket>();
  private server!: Server;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        this.paths.push(req.url ?? '');
        if (req.url === '/redirect') res.writeHead(302, { location: this.redirectTo }).end();
        else if (req.url === '/huge') res.writeHead(200, { 'content-type': 'text/plain' }).end(Buffer.alloc(1024 * 1024, 'y'));
        else res.writeHead(200).end('ok');
      });
    });
    this.server.on('connection', (socket: Socket) => {
      this.connections += 1;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

/**
 * The SSRF guard inside the running dispatcher. WEBHOOK_ALLOWED_PRIVATE_TARGETS lists exactly one
 * loopback host:port (the `allowed` receiver); `guarded` listens on another port of the same host
 * and must never even be connected to. Endpoints are disabled after failing for 0 ms, so the
 * disabling rule shows within two failures.
 */
describe('webhook-dispatcher: destination guard and endpoint disabling', () => {
  const harness = new Harness();
  let allowed: Receiver;
  let guarded: Receiver;

  beforeAll(async () => {
    allowed = await new Receiver().start();
    guarded = await new Receiver().start();
    allowed.redirectTo = `http://127.0.0.1:${guarded.port}/hooks`;
    await harness.start({ WEBHOOK_ALLOWED_PRIVATE_TARGETS: `127.0.0.1:${allowed.port}`, WEBHOOK_DISABLE_AFTER_MS: '0' });
  });
  afterAll(async () => {
    await harness.stop();
    await allowed?.close();
    await guarded?.close();
  });

  const createEndpoint = (merchant: string, url: string) =>
    harness.request<WebhookEndpointCreated>('webhook.endpoint.create', { merchant_id: merchant, mode: 'test', url });
  const deliveriesOf = (merchant: string, endpointId: string) =>
    harness
      .request<WebhookListPage<WebhookDeliveryView>>('webhook.delivery.list', { merchant_id: merchant, mode: 'test', endpoint_id: endpointId })
      .then((p) => p.data);
  const deliveredOrFailed = (merchant: string, endpointId: string, status: 'delivered' | 'failed') =>
    eventually(async () => {
      const [d] = await deliveriesOf(merchant, endpointId);
      expect(d?.status).toBe(status);
      return d;
    });

  it.each([
    ['a loopback IP literal on a port not listed', () => `http://127.0.0.1:${guarded.port}/hooks`],
    ['a name resolving to loopback', () => `http://localhost:${guarded.port}/hooks`],
    ['the metadata address', () => 'http://169.254.169.254/latest/meta-data'],
    ['a private address', () => 'http://10.0.0.1/hooks'],
  ])('refuses %s: no connection, delivery failed with destination_not_allowed, no retry', async (_what, urlFor) => {
    const before = { allowed: allowed.connections, guarded: guarded.connections };
    const merchant = merchantId();
    const endpoint = await createEndpoint(merchant, urlFor());
    await harness.publishEvent(paymentCompleted(merchant));

    const delivery = await deliveredOrFailed(merchant, endpoint.id, 'failed');
    expect(delivery).toMatchObject({ attempts: 1, last_status_code: null, last_error: 'destination_not_allowed', next_attempt_at: null });
    expect(delivery.attempt_log).toHaveLength(1);
    expect(delivery.attempt_log[0]).toMatchObject({ attempt: 1, status_code: null, error: 'destination_not_allowed' });
    expect({ allowed: allowed.connections, guarded: guarded.connections }).toEqual(before);
  });

  it('delivers to the listed host:port', async () => {
    const merchant = merchantId();
    const endpoint = await createEndpoint(merchant, `http://127.0.0.1:${allowed.port}/hooks`);
    const seen = allowed.paths.length;
    await harness.publishEvent(paymentCompleted(merchant));

    const delivery = await deliveredOrFailed(merchant, endpoint.id, 'delivered');
    expect(delivery.attempt_log).toMatchObject([{ attempt: 1, status_code: 200, error: null, response_excerpt: 'ok' }]);
    expect(allowed.paths.slice(seen)).toEqual(['/hooks']);
  });

  it('does not follow a redirect from an allowed receiver to one that is not', async () => {
    const merchant = merchantId();
    const endpoint = await createEndpoint(merchant, `http://127.0.0.1:${allowed.port}/redirect`);
    const guardedBefore = guarded.connections;
    await harness.publishEvent(paymentCompleted(merchant));

    // A 3xx is a failed attempt like any other non-2xx: retried on the schedule, never followed.
    const delivery = await deliveredOrFailed(merchant, endpoint.id, 'failed');
    expect(delivery.attempt_log.length).toBeGreaterThan(1);
    expect(delivery.attempt_log.every((a) => a.status_code === 302)).toBe(true);
    expect(delivery.last_status_code).toBe(302);
    expect(guarded.connections).toBe(guardedBefore);
  });

  it('keeps only the first 2 KB of a huge answer in the attempt log', async () => {
    const merchant = merchantId();
    const endpoint = await createEndpoint(merchant, `http://127.0.0.1:${allowed.port}/huge`);
    await harness.publishEvent(paymentCompleted(merchant));

    const delivery = await deliveredOrFailed(merchant, endpoint.id, 'delivered');
    expect(delivery.attempt_log).toHaveLength(1);
    expect(delivery.attempt_log[0].response_excerpt).toBe('y'.repeat(2048));
  });

  it('disables an endpoint that keeps failing past the limit and stops creating deliveries for it', async () => {
    const merchant = merchantId();
    const endpoint = await createEndpoint(merchant, `http://127.0.0.1:${guarded.port}/hooks`);
    const guardedBefore = guarded.connections;

    await harness.publishEvent(paymentCompleted(merchant));
    await deliveredOrFailed(merchant, endpoint.id, 'failed');
    const [afterFirst] = await harness.query<{ status: string; failing_since: Date | null }>(
      'SELECT status, failing_since FROM webhooks.endpoints WHERE id = $1',
      [endpoint.id],
    );
    expect(afterFirst.status).toBe('enabled');
    expect(afterFirst.failing_since).not.toBeNull();

    await harness.publishEvent(paymentCompleted(merchant));
    await eventually(async () => {
      const {
        data: [listed],
      } = await harness.request<WebhookListPage<WebhookEndpointView>>('webhook.endpoint.list', { merchant_id: merchant, mode: 'test' });
      expect(listed).toMatchObject({ status: 'disabled', disabled_reason: 'failing' });
    });

    const third = paymentCompleted(merchant);
    await harness.publishEvent(third);
    await eventually(async () => expect(await harness.query('SELECT 1 FROM webhooks.inbox WHERE envelope_id = $1', [third.id])).toHaveLength(1));
    expect(await deliveriesOf(merchant, endpoint.id)).toHaveLength(2);
    expect(guarded.connections).toBe(guardedBefore);
  });
});
