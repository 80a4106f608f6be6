import type { TransactionListItem } from '@lipa/contracts';
import { type Body, type GatewayHarness, startGateway } from './gateway-harness';

// Registration hashes with argon2; every list is a real RPC round trip to the fake ledger (test/fakes.ts).
jest.setTimeout(30_000);

describe('GET /v1/transactions (gateway over HTTP, fake ledger over RabbitMQ)', () => {
  let h: GatewayHarness;

  const merchantWithKey = () => h.merchantWithKey();

  const row = (merchantId: string, n: number, over: Partial<TransactionListItem> = {}) => ({
    merchant_id: merchantId,
    transaction_id: `txn_list${n}_${merchantId}`,
    mode: 'test' as const,
    type: 'stk_push',
    status: 'completed' as const,
    amount_minor: '15050',
    phone: '254712345678',
    reference: `INV-${n}`,
    transaction_code: `UJ${n}ABCDEF`,
    fee_minor: '250',
    fee_deducted: true,
    payment_id: null,
    created_at: new Date(Date.UTC(2026, 10, 1, 0, n)).toISOString(),
    completed_at: new Date(Date.UTC(2026, 10, 1, 0, n, 30)).toISOString(),
    ...over,
  });

  const get = (path: string, secret: string) => h.call<Body>('GET', path, { headers: { authorization: `Bearer ${secret}` } });

  beforeAll(async () => {
    h = await startGateway('txlist', { RATE_LIMIT_AUTH_PER_IP_PER_MINUTE: '100000' });
  });

  afterAll(async () => h?.stop());

  it("lists the caller's transactions of the key's mode in KES, with the ledger's pagination", async () => {
    const m = await merchantWithKey();
    const other = await merchantWithKey();
    for (let n = 1; n <= 12; n += 1) h.ledger.transactionRows.push(row(m.merchantId, n));
    h.ledger.transactionRows.push(row(m.merchantId, 13, { mode: 'live' }), row(other.merchantId, 14));

    const res = await get('/v1/transactions?page=2&limit=5', m.secret);
    expect(res.status).toBe(200);
    expect(h.ledger.transactionLists.at(-1)).toEqual({ merchant_id: m.merchantId, mode: 'test', page: 2, limit: 5 });
    expect(res.body).toMatchObject({
      success: true,
      message: 'Transactions retrieved',
      pagination: { current_page: 2, per_page: 5, total_items: 12, total_pages: 3 },
    });
    expect(res.body.data.map((t: Body) => t.id)).toEqual([7, 6, 5, 4, 3].map((n) => `txn_list${n}_${m.merchantId}`));
    expect(res.body.data[0]).toEqual({
      id: `txn_list7_${m.merchantId}`,
      transaction_id: `txn_list7_${m.merchantId}`,
      type: 'stk_push',
      mode: 'test',
      status: 'completed',
      amount: 150.5,
      currency: 'KES',
      phone: '254712345678',
      reference: 'INV-7',
      transaction_code: 'UJ7ABCDEF',
      fee_amount: 2.5,
      fee_deducted: true,
      payment_id: null,
      created_at: new Date(Date.UTC(2026, 10, 1, 0, 7)).toISOString(),
      completed_at: new Date(Date.UTC(2026, 10, 1, 0, 7, 30)).toISOString(),
    });

    const defaults = await get('/v1/transactions', m.secret);
    expect(h.ledger.transactionLists.at(-1)).toEqual({ merchant_id: m.merchantId, mode: 'test', page: 1, limit: 10 });
    expect(defaults.body.pagination).toEqual({ current_page: 1, per_page: 10, total_items: 12, total_pages: 2 });
    expect(defaults.body.data.every((t: Body) => t.mode === 'test' && t.id.endsWith(m.merchantId))).toBe(true);
  });

  it('passes the filters to the ledger as given', async () => {
    const m = await merchantWithKey();
    h.ledger.transactionRows.push(row(m.merchantId, 1, { status: 'pending', transaction_code: null, payment_id: '#00003' }), row(m.merchantId, 2));
    const res = await get('/v1/transactions?status=pending&type=stk_push&from=2026-11-01T00:00:00Z&to=2026-11-02&payment_id=%2300003', m.secret);
    expect(res.status).toBe(200);
    expect(h.ledger.transactionLists.at(-1)).toEqual({
      merchant_id: m.merchantId,
      mode: 'test',
      page: 1,
      limit: 10,
      status: 'pending',
      type: 'stk_push',
      from: '2026-11-01T00:00:00Z',
      to: '2026-11-02',
      payment_id: '#00003',
    });
    expect(res.body.data.map((t: Body) => [t.id, t.status, t.payment_id])).toEqual([[`txn_list1_${m.merchantId}`, 'pending', '#00003']]);
  });

  it.each([
    ['limit=101', 'limit'],
    ['page=0', 'page'],
    ['status=settled', 'status'],
    ['from=yesterday', 'from'],
    ['to=2026-02-30', 'to'],
    ['payment_id=00001', 'payment_id'],
    ['type=STK%20PUSH', 'type'],
    ['merchant_id=someone_else', 'merchant_id'],
  ])('refuses %s with 400 validation_error before asking the ledger', async (query, field) => {
    const m = await merchantWithKey();
    const before = h.ledger.transactionLists.length;
    const res = await get(`/v1/transactions?${query}`, m.secret);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ success: false, error_code: 'validation_error' });
    expect(JSON.stringify(res.body)).toContain(field);
    expect(h.ledger.transactionLists.length).toBe(before);
  });

  it('needs a credential, and leaves GET /v1/transactions/{id} to the STK route', async () => {
    expect((await h.call<Body>('GET', '/v1/transactions')).status).toBe(401);
    const m = await merchantWithKey();
    const pushed = await h.call<Body>('POST', '/v1/stk-push', { json: { phone: '0712345678', amount: 10 }, headers: { authorization: `Bearer ${m.secret}` } });
    expect(pushed.status).toBe(201);
    const one = await get(`/v1/transactions/${pushed.body.transaction_id}`, m.secret);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ success: true, message: 'Transaction retrieved', transaction_id: pushed.body.transaction_id });
    expect((await get('/v1/transactions/', m.secret)).body.message).toBe('Transactions retrieved');
  });
});
