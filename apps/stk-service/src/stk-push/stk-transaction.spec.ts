import { toPaymentEvent, toTransactionView, type StkTransaction } from './stk-transaction';

const settled: StkTransaction = {
  id: 'txn_1',
  merchantId: 'mch_1',
  mode: 'test',
  status: 'completed',
  amountMinor: 10_000n,
  phone: '254712345678',
  reference: 'INV-1',
  description: null,
  callbackUrl: null,
  idempotencyKey: null,
  commandId: 'env-1',
  paymentId: null,
  businessShortCode: '174379',
  partyB: '174379',
  transactionType: 'CustomerPayBillOnline',
  darajaAppSealed: null,
  topUpWallet: null,
  checkoutRequestId: 'ws_CO_1',
  merchantRequestId: 'mr-1',
  resultCode: '0',
  resultDesc: 'ok',
  transactionCode: 'UJ22T8IYOU',
  feeMinor: 0n,
  correlationId: null,
  createdAt: new Date('2026-12-01T00:00:00Z'),
  completedAt: new Date('2026-12-01T00:00:05Z'),
} as StkTransaction;

describe('the payment event of a settled push', () => {
  it("names the shortcode it went to, and no payment account for the platform's paybill", () => {
    const { type, payload } = toPaymentEvent(settled);
    expect(type).toBe('payment.completed');
    expect(payload).toMatchObject({ business_short_code: '174379', transaction_code: 'UJ22T8IYOU', amount_minor: '10000' });
    expect(payload).not.toHaveProperty('payment_id');
  });

  it("names the merchant's payment account when it collected on the merchant's own shortcode", () => {
    const { payload } = toPaymentEvent({ ...settled, paymentId: '#00002', businessShortCode: '600100', status: 'cancelled' });
    expect(payload).toMatchObject({ status: 'cancelled', payment_id: '#00002', business_short_code: '600100' });
  });

  it.each(['completed', 'failed', 'cancelled', 'timeout'] as const)(
    "carries the push's own callback_url on a %s payment, so the webhook dispatcher delivers there too",
    (status) => {
      const url = 'https://merchant.example/lipa/callback?order=1';
      expect(toPaymentEvent({ ...settled, status, callbackUrl: url }).payload.callback_url).toBe(url);
    },
  );

  it('has no callback_url when the push gave none', () => {
    expect(toPaymentEvent(settled).payload).not.toHaveProperty('callback_url');
  });
});

describe('the transaction view', () => {
  it('tells a wallet top-up from a sale', () => {
    expect(toTransactionView(settled).type).toBe('stk_push');
    expect(toTransactionView({ ...settled, topUpWallet: 'b2c_wallet' }).type).toBe('top_up');
  });
});
