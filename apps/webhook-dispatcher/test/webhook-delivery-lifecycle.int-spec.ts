import type { EndpointDisabledWebhookData, WebhookDeliveryView, WebhookEndpointView, WebhookEventBody, WebhookRecoveryStarted } from '@lipa/contracts';
import { eventually, RecordingServer, startRecordingServer } from '@lipa/testing';
import { Webhook } from 'standardwebhooks';
import { Harness, merchantId, metricValue, paymentCompleted, paymentFailed, ScriptedServer } from './harness';

jest.setTimeout(30_000);

type Headers = Record<string, string>;

/**
 * Disabling (410, failing too long), the endpoint.disabled notice, the log with its filters, retry
 * and recover. Retries 100, 200, 400 ms; the breaker is out of the way (50 failures), since these
 * tests fail one endpoint many times on purpose (webhook-isolation.int-spec.ts tests the breaker).
 */
describe('webhook-dispatcher: delivery lifecycle', () => {
  const harness = new Harness();
  let receiver: RecordingServer;
  let other: RecordingServer;

  beforeAll(async () => {
    await harness.start({ WEBHOOK_BREAKER_FAILURES: '50' });
  });
  afterAll(async () => {
    await harness.stop();
  });
  beforeEach(async () => {
    receiver = await startRecordingServer();
    other = await startRecordingServer();
  });
  afterEach(async () => {
    await receiver.close();
    await other.close();
  });

  const endpointView = (merchant: string, id: string) =>
    harness.request<WebhookEndpointView>('webhook.endpoint.get', { merchant_id: merchant, mode: 'test', endpoint_id: id });

  it('disables an endpoint that answers 410 Gone at once, without retrying, and tells the merchant through its other endpoint', async () => {
    const merchant = merchantId();
    const gone = await harness.createEndpoint(merchant, `${receiver.url}/gone`);
    const watcher = await harness.createEndpoint(merchant, `${other.url}/watcher`);
    const liveElsewhere = await harness.createEndpoint(merchant, `${other.url}/live`, { mode: 'live' });
    const before = await metricValue(harness, 'lipa_webhook_endpoints_disabled_total', { reason: 'gone' });
    receiver.respondWith(410);
    await harness.publishEvent(paymentCompleted(merchant));

    const delivery = await harness.settled(merchant, gone.id, 'failed');
    expect(delivery).toMatchObject({ attempts: 1, last_status_code: 410, last_error: 'http_410' });
    expect(await endpointView(merchant, gone.id)).toMatchObject({ status: 'disabled', disabled_reason: 'gone', disabled_at: expect.any(String) });

    const notice = await eventually(() => {
      const found = other.requests.find((r) => (r.json as { type: string }).type === 'endpoint.disabled');
      expect(found).toBeDefined();
      return found!;
    });
    expect(notice.path).toBe('/watcher');
    const body = new Webhook(watcher.secret).verify(notice.body, notice.headers as Headers) as WebhookEventBody<EndpointDisabledWebhookData>;
    expect(body).toMatchObject({ type: 'endpoint.disabled', mode: 'test', data: { endpoint_id: gone.id, url: gone.url, reason: 'gone' } });
    expect(receiver.requests).toHaveLength(1); // the disabled endpoint gets no notice and no retry
    expect(await harness.deliveriesOf(merchant, liveElsewhere.id, {}, 'live')).toEqual([]); // the other mode's endpoint is not told
    expect(await metricValue(harness, 'lipa_webhook_endpoints_disabled_total', { reason: 'gone' })).toBe(before + 1);

    // A disabled endpoint gets no new deliveries, and replaying into it is refused until it is re-enabled.
    await expect(harness.request('webhook.delivery.retry', { merchant_id: merchant, mode: 'test', delivery_id: delivery.id })).rejects.toMatchObject({
      code: 'webhook_endpoint_disabled',
      status: 409,
    });
    await expect(
      harness.request('webhook.endpoint.recover', { merchant_id: merchant, mode: 'test', endpoint_id: gone.id, since: new Date(0).toISOString() }),
    ).rejects.toMatchObject({ code: 'webhook_endpoint_disabled', status: 409 });
  });

  it('pages and filters the log (status, event type, from, to), newest first with the true total, attempts oldest first', async () => {
    const merchant = merchantId();
    const scripted = await new ScriptedServer().start();
    try {
      // payment.failed bodies are refused (500) until the schedule is used up; payment.completed delivered.
      scripted.answer = (r) => (r.json?.type === 'payment.failed' ? 500 : 200);
      const endpoint = await harness.createEndpoint(merchant, `${scripted.url}/log`);
      await harness.publishEvent(paymentCompleted(merchant));
      await harness.publishEvent(paymentCompleted(merchant));
      await harness.publishEvent(paymentFailed(merchant));
      await eventually(async () => {
        const all = await harness.deliveriesOf(merchant, endpoint.id);
        expect(all.map((d) => d.status).sort()).toEqual(['delivered', 'delivered', 'failed']);
      });

      const all = await harness.deliveryPage(merchant, endpoint.id);
      expect(all.total).toBe(3);
      const created = all.data.map((d) => Date.parse(d.created_at));
      expect(created).toEqual([...created].sort((a, b) => b - a)); // newest first

      const failed = await harness.deliveryPage(merchant, endpoint.id, { status: 'failed' });
      expect(failed.total).toBe(1);
      expect(failed.data[0]).toMatchObject({ event_type: 'payment.failed', attempts: 4, last_status_code: 500 });
      expect(failed.data[0].attempt_log.map((a) => a.attempt)).toEqual([1, 2, 3, 4]);
      expect(failed.data[0].attempt_log[0]).toMatchObject({ status_code: 500, error: 'http_500', response_excerpt: 'answered payment.failed' });
      expect(failed.data[0].attempt_log.every((a) => a.duration_ms >= 0)).toBe(true);

      const completed = await harness.deliveryPage(merchant, endpoint.id, { event_type: 'payment.completed', limit: 1, page: 2 });
      expect(completed.total).toBe(2);
      expect(completed.data).toHaveLength(1);
      expect(completed.data[0].id).toBe(all.data.filter((d) => d.event_type === 'payment.completed')[1].id);

      const oldest = all.data[2];
      const fromOldest = await harness.deliveryPage(merchant, endpoint.id, { from: oldest.created_at });
      expect(fromOldest.total).toBe(3);
      const untilOldest = await harness.deliveryPage(merchant, endpoint.id, { to: oldest.created_at });
      expect(untilOldest.data.map((d) => d.id)).toEqual([oldest.id]);
      const future = await harness.deliveryPage(merchant, endpoint.id, { from: new Date(Date.now() + 60_000).toISOString() });
      expect(future).toEqual({ data: [], total: 0 });

      await expect(harness.deliveryPage(merchant, endpoint.id, { status: 'lost' })).rejects.toMatchObject({ code: 'validation_error', status: 400 });
      await expect(harness.deliveriesOf(merchantId(), endpoint.id)).rejects.toMatchObject({ code: 'webhook_endpoint_not_found', status: 404 });
    } finally {
      await scripted.close();
    }
  });

  it('retries one delivery at once whatever its status: the same bytes and webhook-id, a fresh schedule', async () => {
    const merchant = merchantId();
    const endpoint = await harness.createEndpoint(merchant, `${receiver.url}/again`);
    await harness.publishEvent(paymentCompleted(merchant));
    const delivered = await harness.settled(merchant, endpoint.id, 'delivered');

    const replayed = await harness.request<WebhookDeliveryView>('webhook.delivery.retry', { merchant_id: merchant, mode: 'test', delivery_id: delivered.id });
    expect(replayed).toMatchObject({ id: delivered.id, status: 'pending', delivered_at: null, attempts: 1 });
    await eventually(() => expect(receiver.requests).toHaveLength(2));
    const again = await harness.settled(merchant, endpoint.id, 'delivered');
    expect(again.attempts).toBe(2);
    expect(receiver.requests[1].body).toBe(receiver.requests[0].body);
    expect(receiver.requests[1].headers['webhook-id']).toBe(receiver.requests[0].headers['webhook-id']);

    // A failed one (schedule used up) gets the whole schedule again: 1 + 3 more attempts.
    receiver.respondWith(500);
    const failing = await harness.createEndpoint(merchant, `${receiver.url}/failing`);
    await harness.publishEvent(paymentCompleted(merchant));
    const failed = await harness.settled(merchant, failing.id, 'failed');
    expect(failed.attempts).toBe(4);
    await harness.request('webhook.delivery.retry', { merchant_id: merchant, mode: 'test', delivery_id: failed.id });
    const failedAgain = await harness.settled(merchant, failing.id, 'failed');
    expect(failedAgain.attempts).toBe(8);
    expect(receiver.requests.filter((r) => r.path === '/failing')).toHaveLength(8);

    // Another merchant's, or the other mode's, delivery is not found.
    for (const scope of [
      { merchant_id: merchantId(), mode: 'test' },
      { merchant_id: merchant, mode: 'live' },
    ]) {
      await expect(harness.request('webhook.delivery.retry', { ...scope, delivery_id: delivered.id })).rejects.toMatchObject({
        code: 'webhook_delivery_not_found',
        status: 404,
      });
    }
    await expect(harness.request('webhook.delivery.retry', { merchant_id: merchant, mode: 'test', delivery_id: 'wd_nope' })).rejects.toMatchObject({
      code: 'webhook_delivery_not_found',
    });
  });

  it('recovers an endpoint: every failed delivery since a time is sent again, nothing else', async () => {
    const merchant = merchantId();
    const endpoint = await harness.createEndpoint(merchant, `${receiver.url}/outage`);
    receiver.respondWith(503);
    await harness.publishEvent(paymentCompleted(merchant));
    await harness.publishEvent(paymentFailed(merchant));
    await eventually(async () => expect((await harness.deliveriesOf(merchant, endpoint.id, { status: 'failed' })).length).toBe(2));
    receiver.respondWith(200);
    await harness.publishEvent(paymentCompleted(merchant));
    await eventually(async () => expect(await harness.deliveriesOf(merchant, endpoint.id, { status: 'delivered' })).toHaveLength(1));
    const postsBefore = receiver.requests.length;

    const later = await harness.request<WebhookRecoveryStarted>('webhook.endpoint.recover', {
      merchant_id: merchant,
      mode: 'test',
      endpoint_id: endpoint.id,
      since: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(later).toEqual({ endpoint_id: endpoint.id, resent: 0 });

    const started = await harness.request<WebhookRecoveryStarted>('webhook.endpoint.recover', {
      merchant_id: merchant,
      mode: 'test',
      endpoint_id: endpoint.id,
      since: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(started).toEqual({ endpoint_id: endpoint.id, resent: 2 });
    await eventually(async () => expect(await harness.deliveriesOf(merchant, endpoint.id, { status: 'delivered' })).toHaveLength(3));
    expect(receiver.requests.length).toBe(postsBefore + 2); // the delivered one was not sent again

    await expect(
      harness.request('webhook.endpoint.recover', { merchant_id: merchantId(), mode: 'test', endpoint_id: endpoint.id, since: new Date(0).toISOString() }),
    ).rejects.toMatchObject({ code: 'webhook_endpoint_not_found', status: 404 });
  });
});

/** WEBHOOK_DISABLE_AFTER_MS=0: the second failure in a row disables the endpoint. */
describe('webhook-dispatcher: an endpoint failing too long', () => {
  const harness = new Harness();
  let failing: ScriptedServer;
  let other: RecordingServer;

  beforeAll(async () => {
    await harness.start({ WEBHOOK_DISABLE_AFTER_MS: '0', WEBHOOK_RETRY_DELAYS_MS: '100,200,400' });
    failing = await new ScriptedServer().start();
    failing.answer = () => 500;
    other = await startRecordingServer();
  });
  afterAll(async () => {
    await harness.stop();
    await failing.close();
    await other.close();
  });

  it("is disabled ('failing'): its pending deliveries end endpoint_disabled without an attempt, the merchant's other endpoint gets endpoint.disabled, the metric counts it", async () => {
    const merchant = merchantId();
    const endpoint = await harness.createEndpoint(merchant, `${failing.url}/down`);
    const watcher = await harness.createEndpoint(merchant, `${other.url}/watcher`, { events: ['endpoint.disabled'] });
    const before = await metricValue(harness, 'lipa_webhook_endpoints_disabled_total', { reason: 'failing' });

    // The first event fails once (failure clock starts); the second is created while the first waits its 100 ms retry.
    await harness.publishEvent(paymentCompleted(merchant));
    await eventually(() => expect(failing.requests).toHaveLength(1));
    const second = paymentCompleted(merchant);
    await harness.publishEvent(second);

    const notice = await eventually(() => {
      expect(other.requests).toHaveLength(1);
      return other.requests[0];
    });
    const body = new Webhook(watcher.secret).verify(notice.body, notice.headers as Headers) as WebhookEventBody<EndpointDisabledWebhookData>;
    expect(body).toMatchObject({ type: 'endpoint.disabled', mode: 'test', data: { endpoint_id: endpoint.id, url: endpoint.url, reason: 'failing' } });
    expect(Date.parse(body.data.failing_since!)).toBeLessThanOrEqual(Date.parse(body.data.disabled_at));

    const view = await harness.request<WebhookEndpointView>('webhook.endpoint.get', { merchant_id: merchant, mode: 'test', endpoint_id: endpoint.id });
    expect(view).toMatchObject({ status: 'disabled', disabled_reason: 'failing' });
    await eventually(async () => {
      const deliveries = await harness.deliveriesOf(merchant, endpoint.id);
      expect(deliveries.every((d) => d.status === 'failed')).toBe(true);
      // One of them was the attempt that disabled it; every other one ends without another attempt.
      expect(deliveries.some((d) => d.last_error === 'endpoint_disabled')).toBe(true);
    });
    const requestsWhenDisabled = failing.requests.length;
    expect(await metricValue(harness, 'lipa_webhook_endpoints_disabled_total', { reason: 'failing' })).toBe(before + 1);

    // None of its deliveries is pending any more, so nothing more reaches it; new events skip it.
    const third = paymentCompleted(merchant);
    await harness.publishEvent(third);
    await harness.consumed(third.id);
    expect(failing.requests).toHaveLength(requestsWhenDisabled);
    expect(await harness.deliveriesOf(merchant, endpoint.id)).toHaveLength(2);
  });
});
