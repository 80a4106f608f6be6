import { eventually } from '@lipa/testing';
import { E2eStack, Merchant, expectStatus, startE2eStack } from './support/lipa-stack';

jest.setTimeout(300_000);

/**
 * GET /v1/transactions across all services: stk-service publishes payment.initiated and the outcome,
 * ledger-service's read model records them, api-gateway lists them (apps/ledger-service/README.md, "Transactions").
 */
describe('the transactions list, from an STK Push to GET /v1/transactions', () => {
  let e2e: E2eStack;
  let merchant: Merchant;

  beforeAll(async () => {
    e2e = await startE2eStack({ label: 'e2e_txns', simCallbackDelayMs: 300 });
    merchant = await e2e.api.onboardMerchant(`${e2e.receiver.url}/webhooks/lipa`);
  }, 180_000);

  afterAll(async () => {
    await e2e?.stop();
  });

  const push = (body: Record<string, unknown>) => e2e.api.call('POST', '/v1/stk-push', { headers: merchant.auth, body });
  const list = (query = '') => e2e.api.call('GET', `/v1/transactions${query}`, { headers: merchant.auth });

  it('lists a completed payment with its receipt and a cancelled one, newest first, with true totals', async () => {
    const paid = await push({ phone: '0712345678', amount: 150, reference: 'LIST-1' });
    expectStatus(paid, 201);
    const completed = await eventually(
      async () => {
        const response = await e2e.api.call('GET', `/v1/transactions/${paid.body.transaction_id}`, { headers: merchant.auth });
        expectStatus(response, 200);
        expect(response.body.status).toBe('completed');
        return response.body;
      },
      { timeoutMs: 20_000 },
    );
    const cancelled = await push({ phone: '254700000032', amount: 10, reference: 'LIST-2' });
    expectStatus(cancelled, 201);

    const page = await eventually(
      async () => {
        const response = await list();
        expectStatus(response, 200);
        expect(response.body.data.map((t: Record<string, unknown>) => [t.id, t.status])).toEqual([
          [cancelled.body.transaction_id, 'cancelled'],
          [paid.body.transaction_id, 'completed'],
        ]);
        return response.body;
      },
      { timeoutMs: 20_000 },
    );
    expect(page.pagination).toEqual({ current_page: 1, per_page: 10, total_items: 2, total_pages: 1 });
    expect(page.data[1]).toMatchObject({
      id: paid.body.transaction_id,
      type: 'stk_push',
      status: 'completed',
      amount: 150,
      phone: '254712345678',
      reference: 'LIST-1',
      transaction_code: completed.transaction_code,
      fee_amount: completed.fee_amount,
      fee_deducted: completed.fee_deducted,
      created_at: completed.created_at,
      completed_at: completed.completed_at,
    });
    expect(page.data[1].transaction_code).toMatch(/^[A-Z0-9]{10}$/);
    expect(page.data[0]).toMatchObject({ status: 'cancelled', transaction_code: null, fee_deducted: false });

    const onlyCompleted = await list('?status=completed&limit=1');
    expectStatus(onlyCompleted, 200);
    expect(onlyCompleted.body.data.map((t: Record<string, unknown>) => t.id)).toEqual([paid.body.transaction_id]);
    expect(onlyCompleted.body.pagination).toEqual({ current_page: 1, per_page: 1, total_items: 1, total_pages: 1 });

    expectStatus(await list('?limit=101'), 400);
  });
});
