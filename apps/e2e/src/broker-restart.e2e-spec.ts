import { eventually } from '@lipa/testing';
import { broker } from './support/broker';
import { E2eStack, Merchant, expectStatus, startE2eStack } from './support/lipa-stack';
import { verifiedWebhooks, webhooksFor } from './support/webhooks';

const PAYMENTS = 8;

/**
 * Payments are in flight when RabbitMQ stops: their callbacks arrive while the broker is down, are stored
 * by callback-ingest and wait in its outbox. After the broker comes back, every payment must end with
 * exactly one ledger transfer and exactly one delivered webhook.
 */
jest.setTimeout(300_000);

describe('payments in flight survive a RabbitMQ restart', () => {
  let e2e: E2eStack;
  let merchant: Merchant;

  beforeAll(async () => {
    // Long enough that the callbacks land while the broker is stopped.
    e2e = await startE2eStack({ label: 'e2e_broker', simCallbackDelayMs: 2_500 });
    merchant = await e2e.api.onboardMerchant(`${e2e.receiver.url}/hooks`);
  }, 180_000);

  afterAll(async () => {
    await broker.start().catch(() => undefined);
    await e2e?.stop();
  });

  it('ends every payment with one ledger transfer and one delivered webhook', async () => {
    const amounts = Array.from({ length: PAYMENTS }, (_, i) => 11 + i);
    const started = await Promise.all(
      amounts.map((amount, i) =>
        e2e.api.call('POST', '/v1/stk-push', {
          headers: merchant.auth,
          body: { phone: `2547123400${String(i).padStart(2, '0')}`, amount, reference: `INFLIGHT-${i}` },
        }),
      ),
    );
    started.forEach((response) => expectStatus(response, 201));
    const transactionIds = started.map((response) => response.body.transaction_id as string);

    try {
      await broker.stop();
      // Callbacks (2.5 s after each push) reach callback-ingest while the broker is down.
      await eventually(
        async () => {
          const response = await fetch(`${e2e.stack.urls['daraja-sim']}/__sim/requests`);
          const counts = (await response.json()) as { callbacks: number };
          expect(counts.callbacks).toBeGreaterThanOrEqual(PAYMENTS);
        },
        { timeoutMs: 20_000 },
      );
      // Keep the broker down a moment longer, so the stored callbacks wait in callback-ingest's outbox.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      // Without a broker the gateway cannot reach stk-service: a clear 503, not a hang or a 500.
      const duringOutage = await e2e.api.call('GET', `/v1/transactions/${transactionIds[0]}`, { headers: merchant.auth });
      expect(duringOutage.status).toBe(503);
      expect(duringOutage.body).toMatchObject({ success: false, error_code: 'upstream_unavailable' });
    } finally {
      await broker.start();
    }

    await eventually(
      async () => {
        for (const id of transactionIds) {
          const response = await e2e.api.call('GET', `/v1/transactions/${id}`, { headers: merchant.auth });
          expect(response.body.status).toBe('completed');
        }
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    );

    // Exactly one transfer each: the collections balance is the exact sum (a double posting would exceed it).
    const expectedTotal = amounts.reduce((sum, amount) => sum + amount, 0);
    await eventually(
      async () => {
        const balance = await e2e.api.call('GET', '/v1/balance', { headers: merchant.auth });
        expect(balance.body.collections).toBe(expectedTotal);
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );

    await eventually(
      () => {
        const webhooks = verifiedWebhooks(e2e.receiver.requests, merchant.webhookSecret);
        for (const id of transactionIds) expect(webhooksFor(webhooks, id)).toHaveLength(1);
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );

    const deliveries = await e2e.api.call('GET', `/v1/webhook-endpoints/${merchant.endpointId}/deliveries`, { headers: merchant.auth });
    const delivered = (deliveries.body.data as any[]).filter((d) => d.status === 'delivered');
    expect(delivered).toHaveLength(PAYMENTS);
    expect(new Set(delivered.map((d) => d.event_id)).size).toBe(PAYMENTS);

    // Give late duplicates a chance to show up before concluding there are none.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const balance = await e2e.api.call('GET', '/v1/balance', { headers: merchant.auth });
    expect(balance.body.collections).toBe(expectedTotal);
    const webhooks = verifiedWebhooks(e2e.receiver.requests, merchant.webhookSecret);
    for (const id of transactionIds) expect(webhooksFor(webhooks, id)).toHaveLength(1);
  });
});
