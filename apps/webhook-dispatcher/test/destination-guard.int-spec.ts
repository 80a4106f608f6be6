import type { WebhookDeliveryView, WebhookEndpointCreated, WebhookEndpointView, WebhookListPage } from '@lipa/contracts';
import { eventually, RecordingServer, startRecordingServer } from '@lipa/testing';
import { Harness, merchantId, paymentCompleted } from './harness';

jest.setTimeout(30_000);

/**
 * Production settings for destinations: private targets NOT allowed. The receiver listens on
 * 127.0.0.1, so it must never see a request. Endpoints are disabled after failing for 0 ms, so the
 * disabling rule shows within two failures.
 */
describe('webhook-dispatcher: destination guard and endpoint disabling', () => {
  const harness = new Harness();
  let receiver: RecordingServer;

  beforeAll(async () => {
    await harness.start({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false', WEBHOOK_DISABLE_AFTER_MS: '0' });
    receiver = await startRecordingServer();
  });
  afterAll(async () => {
    await receiver?.close();
    await harness.stop();
  });

  const createEndpoint = (merchant: string, url: string) => harness.request<WebhookEndpointCreated>('webhook.endpoint.create', { merchant_id: merchant, url });
  const deliveriesOf = (merchant: string, endpointId: string) =>
    harness.request<WebhookListPage<WebhookDeliveryView>>('webhook.delivery.list', { merchant_id: merchant, endpoint_id: endpointId }).then((p) => p.data);

  it.each([
    ['an IP literal', (port: string) => `http://127.0.0.1:${port}/hooks`],
    ['a hostname resolving to loopback', (port: string) => `http://localhost:${port}/hooks`],
  ])('refuses %s: no request, delivery failed with destination_not_allowed, no retry', async (_what, urlFor) => {
    const merchant = merchantId();
    const endpoint = await createEndpoint(merchant, urlFor(new URL(receiver.url).port));
    await harness.publishEvent(paymentCompleted(merchant));

    const delivery = await eventually(async () => {
      const [d] = await deliveriesOf(merchant, endpoint.id);
      expect(d?.status).toBe('failed');
      return d;
    });
    expect(delivery).toMatchObject({ attempts: 1, last_status_code: null, last_error: 'destination_not_allowed', next_attempt_at: null });
    const attempts = await harness.query('SELECT attempt, status_code, error FROM webhooks.attempts WHERE delivery_id = $1', [delivery.id]);
    expect(attempts).toEqual([{ attempt: 1, status_code: null, error: 'destination_not_allowed' }]);
    expect(receiver.requests).toHaveLength(0);
  });

  it('disables an endpoint that keeps failing past the limit and stops creating deliveries for it', async () => {
    const merchant = merchantId();
    const endpoint = await createEndpoint(merchant, `${receiver.url}/hooks`);

    await harness.publishEvent(paymentCompleted(merchant));
    await eventually(async () => expect((await deliveriesOf(merchant, endpoint.id))[0]?.status).toBe('failed'));
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
      } = await harness.request<WebhookListPage<WebhookEndpointView>>('webhook.endpoint.list', { merchant_id: merchant });
      expect(listed.status).toBe('disabled');
    });

    const third = paymentCompleted(merchant);
    await harness.publishEvent(third);
    await eventually(async () => expect(await harness.query('SELECT 1 FROM webhooks.inbox WHERE envelope_id = $1', [third.id])).toHaveLength(1));
    expect(await deliveriesOf(merchant, endpoint.id)).toHaveLength(2);
    expect(receiver.requests).toHaveLength(0);
  });
});
