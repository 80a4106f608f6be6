import type { WebhookDeliveryView, WebhookEndpointCreated, WebhookEndpointView, WebhookListPage } from '@lipa/contracts';
import { eventually, RecordingServer, startRecordingServer } from '@lipa/testing';
import { Webhook } from 'standardwebhooks';
import { Harness, merchantId, paymentCompleted } from './harness';

jest.setTimeout(30_000);

/** Real Postgres, RabbitMQ and a real HTTP receiver; private targets allowed (the receiver is on 127.0.0.1). */
describe('webhook-dispatcher: endpoints and deliveries', () => {
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

  const createEndpoint = (merchant: string, url: string, events?: string[]) =>
    harness.request<WebhookEndpointCreated>('webhook.endpoint.create', { merchant_id: merchant, url, events, description: 'orders' });

  const deliveriesOf = (merchant: string, endpointId: string) =>
    harness.request<WebhookListPage<WebhookDeliveryView>>('webhook.delivery.list', { merchant_id: merchant, endpoint_id: endpointId }).then((p) => p.data);

  it('pages endpoints newest first with the true total', async () => {
    const merchant = merchantId();
    const made = [];
    for (const path of ['a', 'b', 'c']) made.push(await createEndpoint(merchant, `${receiver.url}/${path}`));
    const second = await harness.request<WebhookListPage<WebhookEndpointView>>('webhook.endpoint.list', { merchant_id: merchant, page: 2, limit: 2 });
    expect(second.total).toBe(3);
    expect(second.data.map((e) => e.id)).toEqual([made[0].id]);
  });

  it('creates an endpoint with a whsec_ secret shown once and stored only encrypted', async () => {
    const merchant = merchantId();
    const created = await createEndpoint(merchant, `${receiver.url}/hooks`, ['payment.completed']);
    expect(created).toMatchObject({ url: `${receiver.url}/hooks`, events: ['payment.completed'], description: 'orders', status: 'enabled' });
    expect(created.id).toMatch(/^we_[0-9a-f]{24}$/);
    expect(created.secret).toMatch(/^whsec_/);

    const listed = (await harness.request<WebhookListPage<WebhookEndpointView>>('webhook.endpoint.list', { merchant_id: merchant })).data;
    expect(listed).toEqual([
      { id: created.id, url: created.url, events: ['payment.completed'], description: 'orders', status: 'enabled', created_at: created.created_at },
    ]);
    expect(JSON.stringify(listed)).not.toContain(created.secret);

    const [row] = await harness.query<{ secret_encrypted: string }>('SELECT secret_encrypted FROM webhooks.endpoints WHERE id = $1', [created.id]);
    expect(row.secret_encrypted).not.toContain(created.secret.slice('whsec_'.length));
  });

  it.each(['/relative/path', 'ftp://merchant.example/hooks', 'not a url'])('refuses the URL %p with invalid_webhook_url', async (url) => {
    await expect(createEndpoint(merchantId(), url)).rejects.toMatchObject({ code: 'invalid_webhook_url', status: 400 });
  });

  it('refuses a malformed create command with validation_error', async () => {
    await expect(
      harness.request('webhook.endpoint.create', { merchant_id: merchantId(), url: 'https://x.example', events: ['payment.exploded'] }),
    ).rejects.toMatchObject({
      code: 'validation_error',
      status: 400,
    });
  });

  it('POSTs payment.completed once, signed per Standard Webhooks, with the event id as webhook-id', async () => {
    const merchant = merchantId();
    const endpoint = await createEndpoint(merchant, `${receiver.url}/hooks/lipa`);
    const event = paymentCompleted(merchant);
    await harness.publishEvent(event);

    const delivery = await eventually(async () => {
      const [d] = await deliveriesOf(merchant, endpoint.id);
      expect(d?.status).toBe('delivered');
      return d;
    });
    expect(delivery).toMatchObject({ event_id: event.id, event_type: 'payment.completed', attempts: 1, last_status_code: 200, last_error: null });
    expect(delivery.id).toMatch(/^wd_/);
    expect(receiver.requests).toHaveLength(1);

    const request = receiver.requests[0];
    expect(request.path).toBe('/hooks/lipa');
    expect(request.headers['webhook-id']).toBe(event.id);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['user-agent']).toBe('Lipa-Webhooks/1.0');
    expect(request.body.startsWith(`{"id":"${event.id}","type":"payment.completed","created_at":`)).toBe(true); // documented order, not jsonb's
    const verified = new Webhook(endpoint.secret).verify(request.body, request.headers as Record<string, string>);
    expect(verified).toEqual({
      id: event.id,
      type: 'payment.completed',
      created_at: event.occurred_at,
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
        created_at: '2026-11-25T10:00:00.000Z',
        completed_at: '2026-11-25T10:00:09.000Z',
      },
    });
    expect(() =>
      new Webhook(`whsec_${Buffer.from('someone-elses-secret-24b').toString('base64')}`).verify(request.body, request.headers as Record<string, string>),
    ).toThrow();

    const attempts = await harness.query('SELECT attempt, status_code, error FROM webhooks.attempts WHERE delivery_id = $1', [delivery.id]);
    expect(attempts).toEqual([{ attempt: 1, status_code: 200, error: null }]);
  });

  it('retries a failing receiver on the schedule until it answers 2xx, recording every attempt', async () => {
    const merchant = merchantId();
    const endpoint = await createEndpoint(merchant, `${receiver.url}/flaky`);
    receiver.respondWith(500);
    await harness.publishEvent(paymentCompleted(merchant));

    // Two failures, then the receiver recovers (the next retry is ≥ 200 ms away when the second one lands).
    await eventually(() => expect(receiver.requests.length).toBeGreaterThanOrEqual(2), { intervalMs: 5 });
    receiver.respondWith(200);

    const delivery = await eventually(async () => {
      const [d] = await deliveriesOf(merchant, endpoint.id);
      expect(d?.status).toBe('delivered');
      return d;
    });
    expect(delivery.attempts).toBe(3);
    expect(receiver.requests).toHaveLength(3);
    expect(new Set(receiver.requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([delivery.event_id]));
    const attempts = await harness.query<{ attempt: number; status_code: number; error: string | null }>(
      'SELECT attempt, status_code, error FROM webhooks.attempts WHERE delivery_id = $1 ORDER BY attempt',
      [delivery.id],
    );
    expect(attempts).toEqual([
      { attempt: 1, status_code: 500, error: 'http_500' },
      { attempt: 2, status_code: 500, error: 'http_500' },
      { attempt: 3, status_code: 200, error: null },
    ]);
    const gapMs = receiver.requests[1].receivedAt - receiver.requests[0].receivedAt;
    expect(gapMs).toBeGreaterThanOrEqual(90); // the first delay of the schedule (100 ms)
    const [endpointRow] = await harness.query<{ failing_since: Date | null; status: string }>(
      'SELECT failing_since, status FROM webhooks.endpoints WHERE id = $1',
      [endpoint.id],
    );
    expect(endpointRow).toEqual({ failing_since: null, status: 'enabled' });
  });

  it('fails the delivery after the last step of the schedule', async () => {
    const merchant = merchantId();
    const endpoint = await createEndpoint(merchant, `${receiver.url}/down`);
    receiver.respondWith(503);
    await harness.publishEvent(paymentCompleted(merchant));
    const delivery = await eventually(async () => {
      const [d] = await deliveriesOf(merchant, endpoint.id);
      expect(d?.status).toBe('failed');
      return d;
    });
    expect(delivery).toMatchObject({ attempts: 4, last_status_code: 503, last_error: 'http_503', next_attempt_at: null });
    expect(receiver.requests).toHaveLength(4); // 1 + 3 retries (100, 200, 400 ms)
    const [endpointRow] = await harness.query<{ failing_since: Date | null }>('SELECT failing_since FROM webhooks.endpoints WHERE id = $1', [endpoint.id]);
    expect(endpointRow.failing_since).not.toBeNull();
  });

  it('ends a pending delivery without another POST once its endpoint is deleted', async () => {
    const merchant = merchantId();
    const endpoint = await createEndpoint(merchant, `${receiver.url}/going-away`);
    receiver.respondWith(500);
    await harness.publishEvent(paymentCompleted(merchant));
    // After the third failure the next retry is 400 ms away: delete the endpoint meanwhile.
    await eventually(() => expect(receiver.requests.length).toBeGreaterThanOrEqual(3), { intervalMs: 5 });
    await harness.request('webhook.endpoint.delete', { merchant_id: merchant, endpoint_id: endpoint.id });

    await eventually(async () => {
      const [d] = await harness.query<{ status: string; last_error: string; attempts: number }>(
        'SELECT status, last_error, attempts FROM webhooks.deliveries WHERE endpoint_id = $1',
        [endpoint.id],
      );
      expect(d).toEqual({ status: 'failed', last_error: 'endpoint_deleted', attempts: 3 });
    });
    expect(receiver.requests).toHaveLength(3);
  });

  it('creates one delivery and one successful POST for an event delivered twice', async () => {
    const merchant = merchantId();
    const endpoint = await createEndpoint(merchant, `${receiver.url}/dup`);
    const event = paymentCompleted(merchant);
    await harness.publishEvent(event);
    await harness.publishEvent(event);
    await eventually(async () => expect((await deliveriesOf(merchant, endpoint.id))[0]?.status).toBe('delivered'));

    // Replay past the inbox (as after a DLQ replay): the unique (endpoint_id, event_id) still holds.
    await harness.query('DELETE FROM webhooks.inbox WHERE envelope_id = $1', [event.id]);
    await harness.publishEvent(event);
    await eventually(async () => expect(await harness.query('SELECT 1 FROM webhooks.inbox WHERE envelope_id = $1', [event.id])).toHaveLength(1));

    expect(await deliveriesOf(merchant, endpoint.id)).toHaveLength(1);
    const commands = await harness.query(`SELECT 1 FROM webhooks.outbox WHERE amqp_type = 'webhook.delivery.attempt' AND merchant_id = $1`, [merchant]);
    expect(commands).toHaveLength(1);
    expect(receiver.requests).toHaveLength(1);
  });

  it('does not deliver payment.completed to an endpoint subscribed only to payment.failed', async () => {
    const merchant = merchantId();
    const failedOnly = await createEndpoint(merchant, `${receiver.url}/failed-only`, ['payment.failed']);
    const everything = await createEndpoint(merchant, `${receiver.url}/everything`);
    await harness.publishEvent(paymentCompleted(merchant));

    await eventually(async () => expect((await deliveriesOf(merchant, everything.id))[0]?.status).toBe('delivered'));
    expect(await deliveriesOf(merchant, failedOnly.id)).toEqual([]);
    expect(receiver.requests.map((r) => r.path)).toEqual(['/everything']);

    // and a payment.failed does reach it
    const failed = paymentCompleted(merchant, {
      status: 'cancelled',
      result_code: '1032',
      result_desc: 'Request cancelled by user',
      transaction_code: undefined,
    });
    await harness.publishEvent({ ...failed, type: 'payment.failed' });
    await eventually(async () => expect((await deliveriesOf(merchant, failedOnly.id))[0]?.status).toBe('delivered'));
    const body = receiver.requests.find((r) => r.path === '/failed-only')!.json as { type: string; data: { status: string; transaction_code: null } };
    expect(body.type).toBe('payment.failed');
    expect(body.data).toMatchObject({ status: 'cancelled', transaction_code: null });
  });

  it('ignores events for other merchants and for deleted endpoints', async () => {
    const merchant = merchantId();
    const deleted = await createEndpoint(merchant, `${receiver.url}/deleted`);
    const live = await createEndpoint(merchant, `${receiver.url}/live`);
    await harness.request('webhook.endpoint.delete', { merchant_id: merchant, endpoint_id: deleted.id });
    await harness.publishEvent(paymentCompleted(merchantId())); // someone else's payment
    await harness.publishEvent(paymentCompleted(merchant));
    await eventually(async () => expect((await deliveriesOf(merchant, live.id))[0]?.status).toBe('delivered'));
    expect(receiver.requests.map((r) => r.path)).toEqual(['/live']);
    expect(await harness.query('SELECT 1 FROM webhooks.deliveries WHERE endpoint_id = $1', [deleted.id])).toEqual([]);
  });

  it('does not let another merchant list, delete or read the deliveries of an endpoint', async () => {
    const owner = merchantId();
    const other = merchantId();
    const endpoint = await createEndpoint(owner, `${receiver.url}/mine`);

    expect((await harness.request<WebhookListPage<WebhookEndpointView>>('webhook.endpoint.list', { merchant_id: other })).data).toEqual([]);
    await expect(harness.request('webhook.endpoint.delete', { merchant_id: other, endpoint_id: endpoint.id })).rejects.toMatchObject({
      code: 'webhook_endpoint_not_found',
      status: 404,
    });
    await expect(deliveriesOf(other, endpoint.id)).rejects.toMatchObject({ code: 'webhook_endpoint_not_found', status: 404 });

    const stillThere = (await harness.request<WebhookListPage<WebhookEndpointView>>('webhook.endpoint.list', { merchant_id: owner })).data;
    expect(stillThere.map((e) => e.id)).toEqual([endpoint.id]);

    await expect(harness.request('webhook.endpoint.delete', { merchant_id: owner, endpoint_id: endpoint.id })).resolves.toEqual({
      id: endpoint.id,
      deleted: true,
    });
    expect((await harness.request<WebhookListPage<WebhookEndpointView>>('webhook.endpoint.list', { merchant_id: owner })).data).toEqual([]);
    await expect(harness.request('webhook.endpoint.delete', { merchant_id: owner, endpoint_id: endpoint.id })).rejects.toMatchObject({
      code: 'webhook_endpoint_not_found',
    });
  });
});
