import { eventually } from '@lipa/testing';
import { E2eStack, Merchant, expectStatus, startE2eStack } from './support/lipa-stack';
import { verifiedWebhooks, webhooksFor } from './support/webhooks';

jest.setTimeout(300_000);

/**
 * Processes die (SIGKILL: no shutdown hook runs, nothing is flushed) while payments are in flight. What was
 * committed must still reach the end: each payment completes once, is posted to the ledger once and is
 * delivered to the merchant once.
 */
describe('payments in flight survive crashed services', () => {
  let e2e: E2eStack;
  let merchant: Merchant;
  let collectedSoFar = 0;

  beforeAll(async () => {
    e2e = await startE2eStack({
      label: 'e2e_crash',
      simCallbackDelayMs: 2_000,
      // Reconciliation settles payments whose callback was lost within seconds instead of minutes.
      env: { 'stk-service': { STK_RECONCILE_AFTER_MS: '4000', STK_RECONCILE_INTERVAL_MS: '1000' } },
    });
    merchant = await e2e.api.onboardMerchant(`${e2e.receiver.url}/hooks`);
  }, 180_000);

  afterAll(async () => {
    await e2e?.stop();
  });

  async function pushPayments(count: number, label: string): Promise<{ ids: string[]; total: number }> {
    const amounts = Array.from({ length: count }, (_, i) => 20 + i);
    const responses = await Promise.all(
      amounts.map((amount, i) =>
        e2e.api.call('POST', '/v1/stk-push', {
          headers: merchant.auth,
          body: { phone: `2547220000${String(i).padStart(2, '0')}`, amount, reference: `${label}-${i}` },
        }),
      ),
    );
    responses.forEach((response) => expectStatus(response, 201));
    return { ids: responses.map((r) => r.body.transaction_id as string), total: amounts.reduce((a, b) => a + b, 0) };
  }

  async function expectEachSettledOnce(ids: string[], total: number): Promise<void> {
    await eventually(
      async () => {
        for (const id of ids) {
          const response = await e2e.api.call('GET', `/v1/transactions/${id}`, { headers: merchant.auth });
          expect(response.body.status).toBe('completed');
        }
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    collectedSoFar += total;
    await eventually(
      async () => {
        const balance = await e2e.api.call('GET', '/v1/balance', { headers: merchant.auth });
        expect(balance.body.collections).toBe(collectedSoFar);
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    await eventually(
      () => {
        const webhooks = verifiedWebhooks(e2e.receiver.requests, merchant.webhookSecret);
        for (const id of ids) expect(webhooksFor(webhooks, id)).toHaveLength(1);
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
  }

  it('loses nothing when stk-service, ledger-service and webhook-dispatcher crash before the callbacks arrive', async () => {
    const { ids, total } = await pushPayments(6, 'CRASH');
    await Promise.all([e2e.stack.kill('stk-service'), e2e.stack.kill('ledger-service'), e2e.stack.kill('webhook-dispatcher')]);
    // The callbacks land at callback-ingest while everything behind it is down; they wait in RabbitMQ.
    await eventually(
      async () => {
        const counts = (await (await fetch(`${e2e.stack.urls['daraja-sim']}/__sim/requests`)).json()) as { callbacks: number };
        expect(counts.callbacks).toBeGreaterThanOrEqual(ids.length);
      },
      { timeoutMs: 20_000 },
    );
    await Promise.all([e2e.stack.restart('stk-service'), e2e.stack.restart('ledger-service'), e2e.stack.restart('webhook-dispatcher')]);
    await expectEachSettledOnce(ids, total);
  });

  it('settles payments by STK query when callback-ingest was down and Safaricom’s only callback was lost', async () => {
    const callbacksBefore = ((await (await fetch(`${e2e.stack.urls['daraja-sim']}/__sim/requests`)).json()) as { callbacks: number }).callbacks;
    const { ids, total } = await pushPayments(4, 'LOST');
    await e2e.stack.kill('callback-ingest');
    await eventually(
      async () => {
        const counts = (await (await fetch(`${e2e.stack.urls['daraja-sim']}/__sim/requests`)).json()) as { callbacks: number };
        expect(counts.callbacks).toBeGreaterThanOrEqual(callbacksBefore + ids.length);
      },
      { timeoutMs: 20_000 },
    );
    // Every callback went to a dead endpoint and the simulator, like Daraja, never retries.
    await e2e.stack.restart('callback-ingest');
    await expectEachSettledOnce(ids, total);
  });
});
