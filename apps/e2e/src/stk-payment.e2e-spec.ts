import { eventually } from '@lipa/testing';
import { E2eStack, Merchant, expectStatus, startE2eStack } from './support/lipa-stack';
import { verifiedWebhooks, webhooksFor } from './support/webhooks';

/** The simulator picks outcomes by payer phone (apps/daraja-sim/README.md). */
const PHONES = {
  success: '254712345678',
  cancelled: '254700000032',
  timeout: '254700000037',
  insufficientFunds: '254700000001',
  duplicateCallback: '254700000002',
};

jest.setTimeout(300_000);

describe('an STK Push from a merchant call to a signed webhook, across all services', () => {
  let e2e: E2eStack;
  let merchant: Merchant;

  beforeAll(async () => {
    // A short callback delay keeps the push's own answer ahead of the callback, as on the real network.
    e2e = await startE2eStack({ label: 'e2e_stk', simCallbackDelayMs: 300 });
    merchant = await e2e.api.onboardMerchant(`${e2e.receiver.url}/webhooks/lipa`);
  }, 180_000);

  afterAll(async () => {
    await e2e?.stop();
  });

  const push = (body: Record<string, unknown>, headers: Record<string, string> = merchant.auth) => e2e.api.call('POST', '/v1/stk-push', { headers, body });
  const webhooks = () => verifiedWebhooks(e2e.receiver.requests, merchant.webhookSecret);

  async function finalTransaction(transactionId: string) {
    return eventually(
      async () => {
        const response = await e2e.api.call('GET', `/v1/transactions/${transactionId}`, { headers: merchant.auth });
        expectStatus(response, 200);
        if (response.body.status === 'pending') throw new Error('still pending');
        return response.body;
      },
      { timeoutMs: 20_000 },
    );
  }

  it('completes a payment: pending at once, then completed with a receipt, one ledger transfer and one signed webhook', async () => {
    const started = await push({ phone: '0712345678', amount: 150, reference: 'ORDER-1001', description: 'Two bags of rice' });
    expectStatus(started, 201);
    expect(started.body).toMatchObject({ success: true, status: 'pending' });
    expect(started.body.transaction_id).toMatch(/^txn_/);
    expect(started.body.checkout_request_id).toMatch(/^ws_CO_\d{14}\d+$/);
    expect(started.body.merchant_request_id).toEqual(expect.any(String));

    const [webhook] = await eventually(
      () => {
        const received = webhooksFor(webhooks(), started.body.transaction_id);
        expect(received).toHaveLength(1);
        return received;
      },
      { timeoutMs: 20_000 },
    );
    expect(webhook.type).toBe('payment.completed');
    expect(webhook.data).toMatchObject({
      transaction_id: started.body.transaction_id,
      status: 'completed',
      amount: 150,
      phone: PHONES.success,
      reference: 'ORDER-1001',
      result_code: '0',
    });
    expect(webhook.data.transaction_code).toMatch(/^[A-Z0-9]{10}$/);

    const byId = await finalTransaction(started.body.transaction_id);
    expect(byId).toMatchObject({
      success: true,
      status: 'completed',
      amount: 150,
      phone: PHONES.success,
      result_code: '0',
      transaction_code: webhook.data.transaction_code,
    });
    expect(byId.completed_at).toEqual(expect.any(String));

    const byCheckout = await e2e.api.call('POST', '/v1/stk-push/status', {
      headers: merchant.auth,
      body: { checkout_request_id: started.body.checkout_request_id },
    });
    expectStatus(byCheckout, 200);
    expect(byCheckout.body).toMatchObject({
      status: 'completed',
      transaction_code: webhook.data.transaction_code,
      transaction_id: started.body.transaction_id,
    });

    // The ledger credited the merchant's collections by exactly the amount: one balanced transfer.
    const balance = await eventually(async () => {
      const response = await e2e.api.call('GET', '/v1/balance', { headers: merchant.auth });
      expectStatus(response, 200);
      expect(response.body.collections).toBe(150);
      return response.body;
    });
    expect(balance.success).toBe(true);
  });

  it.each([
    ['cancelled', '1032', PHONES.cancelled],
    ['timeout', '1037', PHONES.timeout],
    ['failed', '1', PHONES.insufficientFunds],
  ])('ends a payment the payer did not complete as %s with result code %s and a payment.failed webhook', async (status, resultCode, phone) => {
    const started = await push({ phone, amount: 10, reference: `FAIL-${status}` });
    expectStatus(started, 201);
    const final = await finalTransaction(started.body.transaction_id);
    expect(final).toMatchObject({ status, result_code: resultCode, transaction_code: null });
    await eventually(
      () => {
        const received = webhooksFor(webhooks(), started.body.transaction_id);
        expect(received).toHaveLength(1);
        expect(received[0].type).toBe('payment.failed');
        expect(received[0].data).toMatchObject({ status, result_code: resultCode });
      },
      { timeoutMs: 20_000 },
    );
  });

  it('gives a callback Safaricom sends twice exactly one effect', async () => {
    const before = await e2e.api.call('GET', '/v1/balance', { headers: merchant.auth });
    const started = await push({ phone: PHONES.duplicateCallback, amount: 7, reference: 'DUP-1' });
    expectStatus(started, 201);
    await finalTransaction(started.body.transaction_id);
    await eventually(async () => {
      const balance = await e2e.api.call('GET', '/v1/balance', { headers: merchant.auth });
      expect(balance.body.collections).toBe(before.body.collections + 7);
    });
    await eventually(() => expect(webhooksFor(webhooks(), started.body.transaction_id)).toHaveLength(1));
    // Both callbacks did arrive (the simulator sent two), yet the balance moved once and one webhook went out.
    const deliveries = await e2e.api.call('GET', `/v1/webhook-endpoints/${merchant.endpointId}/deliveries`, { headers: merchant.auth });
    expectStatus(deliveries, 200);
    const forThisPayment = (deliveries.body.data as any[]).filter((d) => d.event_type === 'payment.completed');
    expect(new Set(forThisPayment.map((d) => d.event_id)).size).toBe(forThisPayment.length);
    const after = await e2e.api.call('GET', '/v1/balance', { headers: merchant.auth });
    expect(after.body.collections).toBe(before.body.collections + 7);
  });

  it.each([
    ['07…', '0712345678'],
    ['7…', '712345678'],
    ['+254…', '+254712345678'],
    ['254…', '254712345678'],
    ['01…', '0110345678'],
  ])('accepts the phone form %s and normalises it', async (_form, phone) => {
    const started = await push({ phone, amount: 1, reference: 'PHONE' });
    expectStatus(started, 201);
    const final = await finalTransaction(started.body.transaction_id);
    expect(final.phone).toMatch(/^254(7|1)\d{8}$/);
    expect(final.phone.slice(-8)).toBe(phone.slice(-8));
  });

  it.each([
    ['a missing phone', { amount: 10, reference: 'R' }, 400],
    ['amount 0', { phone: '0712345678', amount: 0, reference: 'R' }, 400],
    ['amount 1.5', { phone: '0712345678', amount: 1.5, reference: 'R' }, 400],
    ['an amount over 250000', { phone: '0712345678', amount: 250_001, reference: 'R' }, 400],
    ['a phone that is not Kenyan', { phone: '+15551234567', amount: 10, reference: 'R' }, 400],
  ])('refuses %s with a 4xx error body and sends nothing to M-Pesa', async (_label, body, status) => {
    const simBefore = await simPushCount();
    const response = await push(body);
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ success: false, error_code: expect.stringMatching(/^[a-z_]+$/), message: expect.any(String) });
    expect(JSON.stringify(response.body)).not.toMatch(/at .+\.ts:\d+/);
    expect(await simPushCount()).toBe(simBefore);
  });

  it('answers a body that is not JSON with 400 invalid_json and a request id, never a 500', async () => {
    const response = await fetch(`${e2e.api.baseUrl}/v1/stk-push`, {
      method: 'POST',
      headers: { ...merchant.auth, 'content-type': 'application/json' },
      body: '{"phone": ',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ success: false, error_code: 'invalid_json', request_id: expect.stringMatching(/^req_/) });
    expect(response.headers.get('x-request-id')).toBe(body.request_id);
  });

  it('refuses an unknown API key with 401 invalid_api_key', async () => {
    const response = await push({ phone: '0712345678', amount: 10, reference: 'R' }, { authorization: 'Bearer sk_test_not-a-real-key' });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ success: false, error_code: 'invalid_api_key' });
  });

  it('keeps retrying a failing webhook receiver with back-off until it accepts', async () => {
    e2e.receiver.respondWith(500);
    const started = await push({ phone: PHONES.success, amount: 3, reference: 'RETRY-1' });
    expectStatus(started, 201);
    await eventually(() => expect(webhooksFor(webhooks(), started.body.transaction_id).length).toBeGreaterThanOrEqual(2), { timeoutMs: 20_000 });
    e2e.receiver.respondWith(200);
    await eventually(
      async () => {
        const deliveries = await e2e.api.call('GET', `/v1/webhook-endpoints/${merchant.endpointId}/deliveries`, { headers: merchant.auth });
        const delivery = (deliveries.body.data as any[]).find((d) => d.event_type === 'payment.completed' && d.status === 'delivered' && d.attempts >= 3);
        expect(delivery).toBeDefined();
      },
      { timeoutMs: 30_000 },
    );
    const attempts = webhooksFor(webhooks(), started.body.transaction_id);
    expect(new Set(attempts.map((w) => w.id)).size).toBe(1);
    const gaps = attempts.slice(1).map((w, i) => w.request.receivedAt - attempts[i].request.receivedAt);
    expect(gaps.every((gap) => gap >= 150)).toBe(true);
  });

  async function simPushCount(): Promise<number> {
    const response = await fetch(`${e2e.stack.urls['daraja-sim']}/__sim/requests`);
    return ((await response.json()) as { stkPush: number }).stkPush;
  }
});
