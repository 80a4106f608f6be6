import type { WebhookSecretRotated, WebhookSigningSecretView, WebhookTestSent } from '@lipa/contracts';
import { eventually, RecordingServer, startRecordingServer } from '@lipa/testing';
import { Webhook } from 'standardwebhooks';
import { Harness, merchantId, paymentCompleted, paymentFailed } from './harness';

jest.setTimeout(30_000);

type Headers = Record<string, string>;

/** Real Postgres, RabbitMQ and a real HTTP receiver on 127.0.0.1 (allowed as a private target); retries 100, 200, 400 ms (±20 %). */
describe('webhook-dispatcher: deliveries', () => {
  const harness = new Harness();
  let receiver: RecordingServer;

  beforeAll(async () => {
    await harness.start();
  });
  afterAll(async () => {
    await harness.stop();
  });
  beforeEach(async () => {
    receiver = await startRecordingServer();
  });
  afterEach(async () => {
    await receiver.close();
  });

  it('POSTs payment.completed once: {type, id, created_at, mode, data}, signed per Standard Webhooks, webhook-id = event id', async () => {
    const merchant = merchantId();
    const endpoint = await harness.createEndpoint(merchant, `${receiver.url}/hooks/lipa`);
    const event = paymentCompleted(merchant, { payment_id: '#00002' });
    await harness.publishEvent(event);

    const delivery = await harness.settled(merchant, endpoint.id, 'delivered');
    expect(delivery).toMatchObject({
      event_id: event.id,
      event_type: 'payment.completed',
      mode: 'test',
      endpoint_id: endpoint.id,
      callback_url: null,
      attempts: 1,
      last_status_code: 200,
      last_error: null,
    });
    expect(delivery.attempt_log).toEqual([
      { attempt: 1, attempted_at: expect.any(String), status_code: 200, duration_ms: expect.any(Number), error: null, response_excerpt: '{}' },
    ]);
    expect(receiver.requests).toHaveLength(1);

    const request = receiver.requests[0];
    expect(request.path).toBe('/hooks/lipa');
    expect(request.headers['webhook-id']).toBe(event.id);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['user-agent']).toBe('Lipa-Webhooks/1.0');
    expect(request.body.startsWith(`{"type":"payment.completed","id":"${event.id}","created_at":"${event.occurred_at}","mode":"test","data":{`)).toBe(true);
    expect(new Webhook(endpoint.secret).verify(request.body, request.headers as Headers)).toEqual({
      type: 'payment.completed',
      id: event.id,
      created_at: event.occurred_at,
      mode: 'test',
      data: {
        transaction_id: event.payload.transaction_id,
        status: 'completed',
        amount: 1500,
        currency: 'KES',
        phone: '254708374149',
        reference: 'INV-001',
        description: 'Order 1',
        transaction_code: 'UJ22T8IYOU',
        result_code: '0',
        result_desc: 'The service request is processed successfully.',
        checkout_request_id: 'ws_CO_191220191020363925',
        merchant_request_id: '29115-34620561-1',
        payment_id: '#00002',
        created_at: '2026-11-25T10:00:00.000Z',
        completed_at: '2026-11-25T10:00:09.000Z',
      },
    });
    expect(() => new Webhook(`whsec_${Buffer.from('someone-elses-secret-24b').toString('base64')}`).verify(request.body, request.headers as Headers)).toThrow();
  });

  it('sends the stored bytes unchanged on every attempt (500, 500, 200), each attempt signed afresh', async () => {
    const merchant = merchantId();
    const endpoint = await harness.createEndpoint(merchant, `${receiver.url}/flaky`);
    receiver.respondWith(500);
    await harness.publishEvent(paymentCompleted(merchant));

    await eventually(() => expect(receiver.requests.length).toBeGreaterThanOrEqual(2), { intervalMs: 5 });
    receiver.respondWith(200);
    const delivery = await harness.settled(merchant, endpoint.id, 'delivered');

    expect(delivery.attempts).toBe(3);
    expect(receiver.requests).toHaveLength(3);
    const [stored] = await harness.query<{ body: string }>('SELECT body FROM webhooks.deliveries WHERE id = $1', [delivery.id]);
    expect(receiver.requests.map((r) => r.body)).toEqual([stored.body, stored.body, stored.body]);
    for (const r of receiver.requests) {
      expect(r.headers['webhook-id']).toBe(delivery.event_id);
      expect(() => new Webhook(endpoint.secret).verify(r.body, r.headers as Headers)).not.toThrow();
    }
    expect(delivery.attempt_log.map((a) => [a.attempt, a.status_code, a.error])).toEqual([
      [1, 500, 'http_500'],
      [2, 500, 'http_500'],
      [3, 200, null],
    ]);
    const times = delivery.attempt_log.map((a) => Date.parse(a.attempted_at));
    expect(times).toEqual([...times].sort((a, b) => a - b)); // oldest first
    // The first retry waits the schedule's first step, jittered by at most −20 %.
    expect(receiver.requests[1].receivedAt - receiver.requests[0].receivedAt).toBeGreaterThanOrEqual(75);
  });

  it('fails the delivery after the last step of the schedule', async () => {
    const merchant = merchantId();
    const endpoint = await harness.createEndpoint(merchant, `${receiver.url}/down`);
    receiver.respondWith(503);
    await harness.publishEvent(paymentCompleted(merchant));
    const delivery = await harness.settled(merchant, endpoint.id, 'failed');
    expect(delivery).toMatchObject({ attempts: 4, last_status_code: 503, last_error: 'http_503', next_attempt_at: null });
    expect(receiver.requests).toHaveLength(4); // 1 + 3 retries
    const [endpointRow] = await harness.query<{ failing_since: Date | null }>('SELECT failing_since FROM webhooks.endpoints WHERE id = $1', [endpoint.id]);
    expect(endpointRow.failing_since).not.toBeNull();
  });

  it('never sends a test-mode event to a live endpoint, nor a live event to a test endpoint', async () => {
    const merchant = merchantId();
    const testEndpoint = await harness.createEndpoint(merchant, `${receiver.url}/test`, { mode: 'test' });
    const liveEndpoint = await harness.createEndpoint(merchant, `${receiver.url}/live`, { mode: 'live' });
    const testEvent = paymentCompleted(merchant, { mode: 'test' });
    const liveEvent = paymentCompleted(merchant, { mode: 'live' });
    await harness.publishEvent(testEvent);
    await harness.publishEvent(liveEvent);

    await harness.settled(merchant, testEndpoint.id, 'delivered', 'test');
    await harness.settled(merchant, liveEndpoint.id, 'delivered', 'live');
    await harness.consumed(liveEvent.id);
    const byPath = (path: string) => receiver.requests.filter((r) => r.path === path).map((r) => r.json as { id: string; mode: string });
    expect(byPath('/test')).toEqual([expect.objectContaining({ id: testEvent.id, mode: 'test' })]);
    expect(byPath('/live')).toEqual([expect.objectContaining({ id: liveEvent.id, mode: 'live' })]);
    // and a merchant's test credential cannot read the live endpoint's log
    await expect(harness.deliveriesOf(merchant, liveEndpoint.id, {}, 'test')).rejects.toMatchObject({ code: 'webhook_endpoint_not_found', status: 404 });
  });

  it("delivers to the push's own callback_url, signed with the merchant's signing secret for the mode", async () => {
    const merchant = merchantId();
    const endpoint = await harness.createEndpoint(merchant, `${receiver.url}/endpoint`);
    const event = paymentFailed(merchant, { callback_url: `${receiver.url}/callback/order-7` });
    await harness.publishEvent(event);

    await eventually(() => expect(receiver.requests.map((r) => r.path).sort()).toEqual(['/callback/order-7', '/endpoint']));
    const callback = receiver.requests.find((r) => r.path === '/callback/order-7')!;
    const atEndpoint = receiver.requests.find((r) => r.path === '/endpoint')!;
    expect(callback.body).toBe(atEndpoint.body); // the same event, the same bytes
    expect(callback.headers['webhook-id']).toBe(event.id);

    const signing = await harness.request<WebhookSigningSecretView>('webhook.signing_secret.get', { merchant_id: merchant, mode: 'test' });
    expect(new Webhook(signing.secret).verify(callback.body, callback.headers as Headers)).toMatchObject({ type: 'payment.failed', id: event.id });
    expect(() => new Webhook(endpoint.secret).verify(callback.body, callback.headers as Headers)).toThrow();
    const live = await harness.request<WebhookSigningSecretView>('webhook.signing_secret.get', { merchant_id: merchant, mode: 'live' });
    expect(() => new Webhook(live.secret).verify(callback.body, callback.headers as Headers)).toThrow();

    const [row] = await harness.query<{ status: string; endpoint_id: string | null; attempts: number }>(
      'SELECT status, endpoint_id, attempts FROM webhooks.deliveries WHERE callback_url = $1',
      [`${receiver.url}/callback/order-7`],
    );
    expect(row).toEqual({ status: 'delivered', endpoint_id: null, attempts: 1 });
  });

  it('signs with both secrets during a rotation, so a receiver holding either verifies', async () => {
    const merchant = merchantId();
    const endpoint = await harness.createEndpoint(merchant, `${receiver.url}/rotating`);
    const rotated = await harness.request<WebhookSecretRotated>('webhook.endpoint.rotate_secret', {
      merchant_id: merchant,
      mode: 'test',
      endpoint_id: endpoint.id,
    });
    expect(rotated.secret).not.toBe(endpoint.secret);
    await harness.publishEvent(paymentCompleted(merchant));
    await harness.settled(merchant, endpoint.id, 'delivered');

    const [request] = receiver.requests;
    expect(String(request.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(() => new Webhook(endpoint.secret).verify(request.body, request.headers as Headers)).not.toThrow();
    expect(() => new Webhook(rotated.secret).verify(request.body, request.headers as Headers)).not.toThrow();

    // Once the overlap is over only the new secret signs.
    await harness.query(`UPDATE webhooks.endpoints SET previous_secret_expires_at = now() - interval '1 second' WHERE id = $1`, [endpoint.id]);
    await harness.publishEvent(paymentCompleted(merchant));
    await eventually(() => expect(receiver.requests).toHaveLength(2));
    const later = receiver.requests[1];
    expect(String(later.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(() => new Webhook(rotated.secret).verify(later.body, later.headers as Headers)).not.toThrow();
    expect(() => new Webhook(endpoint.secret).verify(later.body, later.headers as Headers)).toThrow();
  });

  it("sends webhook.test to the tested endpoint only, whatever its filter, with the endpoint's mode", async () => {
    const merchant = merchantId();
    const endpoint = await harness.createEndpoint(merchant, `${receiver.url}/tested`, { mode: 'live', events: ['payment.failed'] });
    await harness.createEndpoint(merchant, `${receiver.url}/other`, { mode: 'live' });
    const sent = await harness.request<WebhookTestSent>('webhook.endpoint.test', { merchant_id: merchant, mode: 'live', endpoint_id: endpoint.id });
    await harness.settled(merchant, endpoint.id, 'delivered', 'live');
    expect(receiver.requests.map((r) => r.path)).toEqual(['/tested']);
    expect(receiver.requests[0].headers['webhook-id']).toBe(sent.event_id);
    expect(new Webhook(endpoint.secret).verify(receiver.requests[0].body, receiver.requests[0].headers as Headers)).toMatchObject({
      type: 'webhook.test',
      id: sent.event_id,
      mode: 'live',
      data: { endpoint_id: endpoint.id, message: expect.any(String) },
    });
  });

  it('creates one delivery and one POST for an event delivered twice, and once more past the inbox', async () => {
    const merchant = merchantId();
    const endpoint = await harness.createEndpoint(merchant, `${receiver.url}/dup`);
    const event = paymentCompleted(merchant, { callback_url: `${receiver.url}/dup-callback` });
    await harness.publishEvent(event);
    await harness.publishEvent(event);
    await harness.settled(merchant, endpoint.id, 'delivered');

    // Replay past the inbox (as after a DLQ replay): the unique (destination, event_id) still holds.
    await harness.query('DELETE FROM webhooks.inbox WHERE envelope_id = $1', [event.id]);
    await harness.publishEvent(event);
    await harness.consumed(event.id);

    expect(await harness.query('SELECT 1 FROM webhooks.deliveries WHERE event_id = $1', [event.id])).toHaveLength(2); // endpoint + callback
    const commands = await harness.query(`SELECT 1 FROM webhooks.outbox WHERE amqp_type = 'webhook.delivery.attempt' AND merchant_id = $1`, [merchant]);
    expect(commands).toHaveLength(2);
    await eventually(() => expect(receiver.requests.map((r) => r.path).sort()).toEqual(['/dup', '/dup-callback']));
  });

  it('delivers only the subscribed types, only to the merchant, never to deleted endpoints', async () => {
    const merchant = merchantId();
    const failedOnly = await harness.createEndpoint(merchant, `${receiver.url}/failed-only`, { events: ['payment.failed'] });
    const everything = await harness.createEndpoint(merchant, `${receiver.url}/everything`);
    const deleted = await harness.createEndpoint(merchant, `${receiver.url}/deleted`);
    await harness.request('webhook.endpoint.delete', { merchant_id: merchant, mode: 'test', endpoint_id: deleted.id });
    await harness.publishEvent(paymentCompleted(merchantId())); // someone else's payment
    await harness.publishEvent(paymentCompleted(merchant));

    await harness.settled(merchant, everything.id, 'delivered');
    expect(await harness.deliveriesOf(merchant, failedOnly.id)).toEqual([]);
    expect(receiver.requests.map((r) => r.path)).toEqual(['/everything']);

    await harness.publishEvent(paymentFailed(merchant));
    await harness.settled(merchant, failedOnly.id, 'delivered');
    const body = receiver.requests.find((r) => r.path === '/failed-only')!.json as { type: string; data: { status: string; transaction_code: null } };
    expect(body.type).toBe('payment.failed');
    expect(body.data).toMatchObject({ status: 'cancelled', transaction_code: null });
    expect(await harness.query('SELECT 1 FROM webhooks.deliveries WHERE endpoint_id = $1', [deleted.id])).toEqual([]);
  });

  it('ends a pending delivery without another POST once its endpoint is deleted', async () => {
    const merchant = merchantId();
    const endpoint = await harness.createEndpoint(merchant, `${receiver.url}/going-away`);
    receiver.respondWith(500);
    await harness.publishEvent(paymentCompleted(merchant));
    // After the third failure the next retry is ≥ 320 ms away: delete the endpoint meanwhile.
    await eventually(() => expect(receiver.requests.length).toBeGreaterThanOrEqual(3), { intervalMs: 5 });
    await harness.request('webhook.endpoint.delete', { merchant_id: merchant, mode: 'test', endpoint_id: endpoint.id });

    await eventually(async () => {
      const [d] = await harness.query<{ status: string; last_error: string; attempts: number }>(
        'SELECT status, last_error, attempts FROM webhooks.deliveries WHERE endpoint_id = $1',
        [endpoint.id],
      );
      expect(d).toEqual({ status: 'failed', last_error: 'endpoint_deleted', attempts: 3 });
    });
    expect(receiver.requests).toHaveLength(3);
  });
});
