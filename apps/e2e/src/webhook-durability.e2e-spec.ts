import { eventually } from '@lipa/testing';
import { Webhook } from 'standardwebhooks';
import { broker } from './support/broker';
import { E2eStack, Merchant, expectStatus, startE2eStack } from './support/lipa-stack';
import { RawRequest, RawWebhookReceiver, startRawWebhookReceiver, webhookBody, webhookHeaders } from './support/raw-webhook-receiver';

const PAYMENTS = 8;

jest.setTimeout(300_000);

/**
 * Deliveries are in flight to a slow receiver that fails at first when webhook-dispatcher is SIGKILLed
 * (nothing flushed, the receiver's answers lost) and restarted, and again when RabbitMQ stops and starts.
 * At the end every event was delivered (none lost), every POST was signed over the same bytes, and a
 * receiver that de-duplicates by webhook-id sees each event exactly once (raw POSTs may repeat: at least once).
 *
 * This suite stops the machine's RabbitMQ for a few seconds: run it alone (the e2e project runs in band).
 */
describe('webhook deliveries survive a crashed dispatcher and a RabbitMQ restart', () => {
  let e2e: E2eStack;
  let receiver: RawWebhookReceiver;
  let merchant: Merchant;

  beforeAll(async () => {
    // Slow (1.5 s) and failing (500) until told otherwise, so attempts are in flight when things die.
    receiver = await startRawWebhookReceiver({ status: 500, delayMs: 1_500 });
    e2e = await startE2eStack({
      label: 'e2e_whdurable',
      simCallbackDelayMs: 300,
      env: {
        'webhook-dispatcher': {
          WEBHOOK_ALLOWED_PRIVATE_TARGETS: '127.0.0.1',
          // Retries every second or so for well over the test's outages.
          WEBHOOK_RETRY_DELAYS_MS: Array.from({ length: 60 }, (_, i) => (i === 0 ? 500 : 1_000)).join(','),
          // The per-destination limit and breaker keep their defaults: the receiver's 500s open the breaker, and
          // deliveries must still all arrive once it answers again.
        },
      },
    });
    merchant = await e2e.api.onboardMerchant(`${receiver.url}/hooks`, 'durable');
  }, 240_000);

  afterAll(async () => {
    // Whatever happened above, the machine gets its broker back.
    await broker.start().catch(() => undefined);
    await e2e?.stop();
    await receiver?.close();
  });

  it('delivers every event, each seen once by webhook-id', async () => {
    const responses = await Promise.all(
      Array.from({ length: PAYMENTS }, (_, i) =>
        e2e.api.call('POST', '/v1/stk-push', {
          headers: merchant.auth,
          body: { phone: `2547130000${String(i).padStart(2, '0')}`, amount: 30 + i, reference: `DURABLE-${i}` },
        }),
      ),
    );
    responses.forEach((response) => expectStatus(response, 201));
    const transactionIds = responses.map((r) => r.body.transaction_id as string);

    // 1. SIGKILL webhook-dispatcher while the receiver is holding some of its attempts.
    await eventually(
      () => {
        expect(receiver.requests.length).toBeGreaterThanOrEqual(4);
        expect(receiver.inFlight()).toBeGreaterThan(0);
      },
      { timeoutMs: 60_000, intervalMs: 20 },
    );
    const inFlightAtKill = receiver.inFlight();
    await e2e.stack.kill('webhook-dispatcher');
    expect(inFlightAtKill).toBeGreaterThan(0);
    const restartedAt = Date.now();
    await e2e.stack.restart('webhook-dispatcher');

    // 2. Stop RabbitMQ while the restarted dispatcher's attempts are being held; they are answered 204
    //    while the broker is down, so the dispatcher records them with no broker to acknowledge to.
    await eventually(() => expect(receiver.requests.some((r) => r.receivedAt >= restartedAt && r.answeredAt === null)).toBe(true), {
      timeoutMs: 60_000,
      intervalMs: 20,
    });
    try {
      await broker.stop();
      receiver.behave({ status: 204 });
      // Keep the broker down a few seconds (a scenario length, not a wait for an effect).
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    } finally {
      await broker.start();
    }
    receiver.behave({ status: 204, delayMs: 0 });

    // 3. Every event delivered: the dispatcher's own log says so for each one.
    const deliveries = await eventually(
      async () => {
        const response = await e2e.api.call('GET', `/v1/webhook-endpoints/${merchant.endpointId}/deliveries?event_type=payment.completed&limit=100`, {
          headers: merchant.auth,
        });
        expectStatus(response, 200);
        const rows = response.body.data as Array<{
          event_id: string;
          status: string;
          attempts: number;
          last_error: string | null;
          next_attempt_at: string | null;
        }>;
        expect(rows).toHaveLength(PAYMENTS);
        // Shown whole on failure: which deliveries are not delivered, after how many attempts, why.
        const seen = rows.map(({ event_id, status, attempts, last_error, next_attempt_at }) => ({ event_id, status, attempts, last_error, next_attempt_at }));
        expect(seen).toEqual(seen.map((row) => ({ ...row, status: 'delivered' })));
        return rows;
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );

    // 4. What the receiver saw. Every POST is genuinely signed, and repeats carry the very same bytes.
    const verifier = new Webhook(merchant.webhookSecret);
    const firstById = new Map<string, RawRequest>();
    for (const request of receiver.requests) {
      const headers = webhookHeaders(request);
      verifier.verify(request.raw.toString('utf8'), headers);
      const id = headers['webhook-id'];
      const first = firstById.get(id);
      if (first) expect(request.raw.equals(first.raw)).toBe(true);
      else firstById.set(id, request);
    }
    // The receiver de-duplicating by webhook-id handles exactly one event per payment, each one it answered 2xx.
    const handled = [...firstById.values()].map(webhookBody);
    expect(handled.map((event) => event.data.transaction_id).sort()).toEqual([...transactionIds].sort());
    expect(handled.every((event) => event.type === 'payment.completed' && event.mode === 'test')).toBe(true);
    expect(new Set(deliveries.map((d) => d.event_id))).toEqual(new Set(firstById.keys()));
    for (const id of firstById.keys()) {
      const answered = receiver.requests.filter((r) => r.headers['webhook-id'] === id && r.answeredStatus !== null && r.answeredStatus < 300);
      expect(answered.length).toBeGreaterThanOrEqual(1);
    }
    // At least once, not exactly once: the failures and the crash made the raw POSTs repeat.
    expect(receiver.requests.length).toBeGreaterThan(PAYMENTS);
  });
});
