import { type Body, type GatewayHarness, startGateway } from './gateway-harness';

// Registration hashes with argon2; every push is a real RPC round trip to the fake stk-service (test/fakes.ts).
jest.setTimeout(30_000);

describe('POST /v1/wallets/{wallet}/top-up (gateway over HTTP, fake stk-service over RabbitMQ)', () => {
  let h: GatewayHarness;
  let seq = 0;
  const unique = (label: string) => `${label}${Date.now().toString(36)}${(seq += 1)}`;

  const merchantWithKey = () => h.merchantWithKey();

  const topUp = (wallet: string, json: unknown, secret: string, key = unique('idem')) =>
    h.call<Body>('POST', `/v1/wallets/${wallet}/top-up`, { json, headers: { authorization: `Bearer ${secret}`, 'idempotency-key': key } });

  beforeAll(async () => {
    h = await startGateway('topup', { RATE_LIMIT_AUTH_PER_IP_PER_MINUTE: '100000' });
  });

  afterAll(async () => h?.stop());

  it('sends a top-up push to stk-service with the wallet and no account, and answers like an STK push', async () => {
    const m = await merchantWithKey();
    const key = unique('order-');
    const res = await topUp('service_wallet', { phone: '0712345678', amount: 500 }, m.secret, key);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ success: true, status: 'pending', wallet: 'service_wallet' });
    expect(res.body.transaction_id).toMatch(/^txn_fake\d+$/);
    expect(res.body.checkout_request_id).toMatch(/^ws_CO_fake\d+$/);
    const command = h.stk.calls.at(-1);
    expect(command).toMatchObject({
      merchant_id: m.merchantId,
      mode: 'test',
      phone: '254712345678',
      amount_minor: '50000',
      top_up_wallet: 'service_wallet',
    });
    expect(command?.account).toBeUndefined();
    // The merchant's key reaches stk-service namespaced, never as a sale's key.
    expect(command?.idempotency_key).toMatch(/^top_up:[A-Za-z0-9_-]{43}$/);

    const calls = h.stk.calls.length;
    const again = await topUp('service_wallet', { phone: '0712345678', amount: 500 }, m.secret, key);
    expect(again.status).toBe(201);
    expect(again.body.transaction_id).toBe(res.body.transaction_id);
    expect(h.stk.calls.length).toBe(calls);

    const b2c = await topUp('b2c_wallet', { phone: '254712345678', amount: '1000' }, m.secret);
    expect(b2c.status).toBe(201);
    expect(b2c.body.wallet).toBe('b2c_wallet');
    expect(h.stk.calls.at(-1)).toMatchObject({ top_up_wallet: 'b2c_wallet', amount_minor: '100000' });
    expect(h.stk.calls.at(-1)?.account).toBeUndefined();
  });

  it.each([
    ['the collections', 'collections', { phone: '0712345678', amount: 500 }, 404, 'wallet_not_found'],
    ['an unknown wallet', 'savings', { phone: '0712345678', amount: 500 }, 404, 'wallet_not_found'],
    ['a foreign phone', 'service_wallet', { phone: '+15551234567', amount: 500 }, 400, 'invalid_phone'],
    ['a missing phone', 'service_wallet', { amount: 500 }, 400, 'invalid_phone'],
    ['amount 1.5', 'service_wallet', { phone: '0712345678', amount: 1.5 }, 400, 'invalid_amount'],
    ['amount 0', 'b2c_wallet', { phone: '0712345678', amount: 0 }, 400, 'invalid_amount'],
    ['amount "abc"', 'b2c_wallet', { phone: '0712345678', amount: 'abc' }, 400, 'invalid_amount'],
  ])('refuses %s and sends nothing', async (_, wallet, body, status, code) => {
    const m = await merchantWithKey();
    const calls = h.stk.calls.length;
    const res = await topUp(wallet, body, m.secret);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ success: false, error_code: code });
    expect(h.stk.calls.length).toBe(calls);
  });

  it('needs an API key', async () => {
    const res = await h.call<Body>('POST', '/v1/wallets/service_wallet/top-up', { json: { phone: '0712345678', amount: 500 } });
    expect(res.status).toBe(401);
  });
});
