import type { WebhookDeliveryView, WebhookListPage } from '@lipa/contracts';
import { eventually, RecordingServer, startRecordingServer } from '@lipa/testing';
import { DestinationGates } from '../src/deliveries/destination-gate';
import { HangingServer, Harness, merchantId, metricValue, paymentCompleted, ScriptedServer } from './harness';

jest.setTimeout(60_000);

const DELIVERY_CONCURRENCY = 16;
const DESTINATION_CONCURRENCY = 4;
const HANGING_EVENTS = 40; // more than the work lane's prefetch: without a per-destination limit they would take every slot
const HEALTHY_EVENTS = 20;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * One merchant's receiver hangs (reads the request, never answers) while another merchant's healthy
 * receiver gets a stream of deliveries. Attempts time out after 15 s, far longer than the test's
 * stream takes, so every hanging attempt is still stuck while the healthy deliveries are measured.
 */
describe('webhook-dispatcher: a hanging receiver does not slow other merchants or RPCs', () => {
  const harness = new Harness();
  let healthy: RecordingServer;
  let hanging: HangingServer;

  beforeAll(async () => {
    await harness.start({
      WEBHOOK_TIMEOUT_MS: '15000',
      WEBHOOK_DELIVERY_CONCURRENCY: String(DELIVERY_CONCURRENCY),
      WEBHOOK_DESTINATION_CONCURRENCY: String(DESTINATION_CONCURRENCY),
      WEBHOOK_RETRY_DELAYS_MS: '60000',
    });
    healthy = await startRecordingServer();
    hanging = await new HangingServer().start();
  });
  afterAll(async () => {
    await hanging.close(); // the stuck attempts end (connection reset) before the dispatcher stops
    await healthy.close();
    await harness.stop();
  });

  /** Publishes HEALTHY_EVENTS one after another, each once the previous one arrived; publish → received latency of each. */
  async function healthyStream(merchant: string): Promise<number[]> {
    const latencies: number[] = [];
    for (let i = 0; i < HEALTHY_EVENTS; i += 1) {
      const event = paymentCompleted(merchant);
      const publishedAt = Date.now();
      await harness.publishEvent(event);
      const received = await eventually(
        () => {
          const r = healthy.requests.find((req) => req.headers['webhook-id'] === event.id);
          expect(r).toBeDefined();
          return r!;
        },
        { intervalMs: 2 },
      );
      latencies.push(received.receivedAt - publishedAt);
    }
    return latencies;
  }

  it('keeps the healthy endpoint’s latency and answers RPCs while the other endpoint hangs', async () => {
    const healthyMerchant = merchantId();
    const healthyEndpoint = await harness.createEndpoint(healthyMerchant, `${healthy.url}/fine`);
    const hangingMerchant = merchantId();
    const hangingEndpoint = await harness.createEndpoint(hangingMerchant, `${hanging.url}/stuck`);

    await healthyStream(healthyMerchant); // warm-up: connections, prepared paths, JIT
    const baseline = await healthyStream(healthyMerchant);

    for (let i = 0; i < HANGING_EVENTS; i += 1) await harness.publishEvent(paymentCompleted(hangingMerchant));
    await eventually(() => expect(hanging.open).toBe(DESTINATION_CONCURRENCY));
    await eventually(async () =>
      expect(await harness.query('SELECT 1 FROM webhooks.deliveries WHERE endpoint_id = $1', [hangingEndpoint.id])).toHaveLength(HANGING_EVENTS),
    );

    const rpcStarted = Date.now();
    const log = await harness.request<WebhookListPage<WebhookDeliveryView>>('webhook.delivery.list', {
      merchant_id: hangingMerchant,
      mode: 'test',
      endpoint_id: hangingEndpoint.id,
    });
    const rpcMs = Date.now() - rpcStarted;
    expect(log.total).toBe(HANGING_EVENTS);

    const during = await healthyStream(healthyMerchant);

    // Measured while the hanging endpoint's attempts are all still stuck: none answered, none recorded.
    expect(hanging.open).toBe(DESTINATION_CONCURRENCY);
    const [stuck] = await harness.query<{ attempts: number; pending: number }>(
      `SELECT coalesce(sum(attempts), 0)::int AS attempts, count(*) FILTER (WHERE status = 'pending')::int AS pending
         FROM webhooks.deliveries WHERE endpoint_id = $1`,
      [hangingEndpoint.id],
    );
    expect(stuck).toEqual({ attempts: 0, pending: HANGING_EVENTS });
    // Never more than the destination's limit in flight; the others were deferred, not holding slots.
    expect(hanging.maxOpen).toBe(DESTINATION_CONCURRENCY);
    const deferrals = await metricValue(harness, 'lipa_webhook_deferrals_total', { reason: 'concurrency' });
    expect(deferrals).toBeGreaterThanOrEqual(HANGING_EVENTS - DESTINATION_CONCURRENCY);

    const healthyDeliveries = await harness.deliveriesOf(healthyMerchant, healthyEndpoint.id, { limit: 100 });
    expect(healthyDeliveries).toHaveLength(3 * HEALTHY_EVENTS);
    expect(healthyDeliveries.every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(true);

    const before = median(baseline);
    const meanwhile = median(during);
    process.stdout.write(
      `isolation: healthy median ${before} ms alone, ${meanwhile} ms while ${DESTINATION_CONCURRENCY} attempts hang ` +
        `(max ${Math.max(...during)} ms); RPC answered in ${rpcMs} ms; ${hanging.open} hanging attempts open, ${deferrals} deferrals\n`,
    );
    // Generous: a factor of 4 over the healthy median measured alone (at least 25 ms, so scheduler noise on a tiny baseline does not count).
    expect(meanwhile).toBeLessThanOrEqual(4 * Math.max(before, 25));
  });
});

/** A destination's breaker: 3 consecutive failures open it for 1 s; retries every 50 ms would otherwise hammer the receiver. */
describe('webhook-dispatcher: a failing receiver trips its breaker', () => {
  const harness = new Harness();
  let receiver: RecordingServer;

  beforeAll(async () => {
    await harness.start({
      WEBHOOK_BREAKER_FAILURES: '3',
      WEBHOOK_BREAKER_RESET_MS: '1000',
      WEBHOOK_RETRY_DELAYS_MS: '50,50,50,50,50,50,50,50',
    });
    receiver = await startRecordingServer();
  });
  afterAll(async () => {
    await receiver.close();
    await harness.stop();
  });

  it('makes no HTTP call and counts no attempt while open, then a trial closes it and everything is delivered', async () => {
    const merchant = merchantId();
    const endpoint = await harness.createEndpoint(merchant, `${receiver.url}/flaky`);
    const gates = harness.app.get(DestinationGates);
    const key = `endpoint:${endpoint.id}`;
    receiver.respondWith(503);
    for (let i = 0; i < 3; i += 1) await harness.publishEvent(paymentCompleted(merchant));

    await eventually(() => expect(gates.isOpen(key)).toBe(true), { intervalMs: 5 });
    const openedAt = Date.now();
    const whenOpened = receiver.requests.length;
    expect(whenOpened).toBeGreaterThanOrEqual(3);
    receiver.respondWith(200); // the receiver recovers, but the breaker does not know yet
    // Without the breaker the next retry would come within ~60 ms; while it is open (1 s) nothing is sent.
    const trial = await eventually(() => {
      expect(receiver.requests.length).toBeGreaterThan(whenOpened);
      return receiver.requests[whenOpened];
    });
    expect(trial.receivedAt - openedAt).toBeGreaterThanOrEqual(500);
    expect(await metricValue(harness, 'lipa_webhook_deferrals_total', { reason: 'breaker' })).toBeGreaterThan(0);

    await eventually(async () => {
      const deliveries = await harness.deliveriesOf(merchant, endpoint.id);
      expect(deliveries.map((d) => d.status)).toEqual(['delivered', 'delivered', 'delivered']);
    });
    const [{ attempts }] = await harness.query<{ attempts: number }>('SELECT sum(attempts)::int AS attempts FROM webhooks.deliveries WHERE endpoint_id = $1', [
      endpoint.id,
    ]);
    expect(attempts).toBe(receiver.requests.length); // a deferral is not an attempt
  });
});

/** A receiver that hangs, then recovers: 2 slots, 300 ms timeout, 3 failures open the breaker for 1 s. */
describe('webhook-dispatcher: commands waiting for a hanging destination', () => {
  const harness = new Harness();
  let receiver: ScriptedServer;

  beforeAll(async () => {
    await harness.start({
      WEBHOOK_TIMEOUT_MS: '300',
      WEBHOOK_DESTINATION_CONCURRENCY: '2',
      WEBHOOK_BREAKER_FAILURES: '3',
      WEBHOOK_BREAKER_RESET_MS: '1000',
      WEBHOOK_RETRY_DELAYS_MS: '100,100,100,100,100,100,100,100',
    });
    receiver = await new ScriptedServer().start();
  });
  afterAll(async () => {
    await receiver.close();
    await harness.stop();
  });

  it('move on when the breaker opens and are all delivered once the receiver recovers, every POST an attempt', async () => {
    const merchant = merchantId();
    const endpoint = await harness.createEndpoint(merchant, `${receiver.url}/slow`);
    let hang = true;
    receiver.answer = () => (hang ? null : 200);
    const gates = harness.app.get(DestinationGates);
    for (let i = 0; i < 10; i += 1) await harness.publishEvent(paymentCompleted(merchant));

    await eventually(() => expect(gates.isOpen(`endpoint:${endpoint.id}`)).toBe(true));
    hang = false;
    await eventually(async () => {
      const deliveries = await harness.deliveriesOf(merchant, endpoint.id);
      expect(deliveries.map((d) => d.status)).toEqual(Array(10).fill('delivered'));
    });
    const [{ attempts }] = await harness.query<{ attempts: number }>('SELECT sum(attempts)::int AS attempts FROM webhooks.deliveries WHERE endpoint_id = $1', [
      endpoint.id,
    ]);
    expect(attempts).toBe(receiver.requests.length);
    expect(await metricValue(harness, 'lipa_webhook_deferrals_total', { reason: 'breaker' })).toBeGreaterThan(0);
  });
});
