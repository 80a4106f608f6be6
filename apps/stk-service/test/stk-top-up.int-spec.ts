import { randomUUID } from 'node:crypto';
import {
  InitiateStkPushV1,
  LEDGER_SERVICE,
  PaymentCompletedV1,
  PaymentFailedV1,
  PaymentInitiatedV1,
  STK_SERVICE,
  SetFeeScheduleV1,
  StkCallbackReceivedV1,
  StkPushAccepted,
} from '@lipa/contracts';
import { eventually } from '@lipa/testing';
import { type StkWithLedger, startStkWithLedger } from './stk-with-ledger';

/** A top-up push (InitiateStkPushV1.top_up_wallet): stk-service, the real ledger-service and daraja-sim. */
describe('stk-service top-ups', () => {
  let stack: StkWithLedger;
  let sim: StkWithLedger['sim'];
  let callbacks: StkWithLedger['callbacks'];
  let probe: StkWithLedger['probe'];
  let db: StkWithLedger['db'];
  let ledgerDb: StkWithLedger['ledgerDb'];

  beforeAll(async () => {
    stack = await startStkWithLedger('stk_top_up', [PaymentInitiatedV1.type, PaymentCompletedV1.type, PaymentFailedV1.type]);
    ({ sim, callbacks, probe, db, ledgerDb } = stack);
  });

  afterAll(async () => stack?.close());

  const ask = <R>(service: string, command: string, payload: unknown) => probe.rpc.request<R>(service, command, payload, { correlationId: randomUUID() });
  const merchant = () => `mch_top_${randomUUID().slice(0, 8)}`;
  const initiate = (merchantId: string, overrides: Partial<InitiateStkPushV1> = {}) =>
    ask<StkPushAccepted>(STK_SERVICE, InitiateStkPushV1.command, {
      merchant_id: merchantId,
      mode: 'test',
      phone: '254712345678',
      amount_minor: '100000',
      reference: 'Top-up',
      ...overrides,
    });
  /** A fee the merchant's empty service wallet could not cover: an ordinary push would be refused. */
  const chargeFlat = (merchantId: string, amountMinor: string) =>
    ask(LEDGER_SERVICE, SetFeeScheduleV1.command, {
      scope: 'merchant',
      merchant_id: merchantId,
      transaction_type: 'stk',
      schedule: { kind: 'flat', amount_minor: amountMinor },
    });
  const feeTransfers = async (transactionId: string) => (await ledgerDb.query(`SELECT id FROM ledger.transfers WHERE id = $1`, [`fee:${transactionId}`])).rows;
  const eventOf = (type: string, transactionId: string) =>
    probe.ofType(type).find((e) => (e.payload as { transaction_id: string }).transaction_id === transactionId);

  function callbackFor(checkoutRequestId: string) {
    const request = callbacks.requests.find((r) => (r.json as any)?.Body?.stkCallback?.CheckoutRequestID === checkoutRequestId);
    if (!request) throw new Error('no callback yet');
    return (request.json as any).Body.stkCallback;
  }

  it('sends a top-up to the platform paybill with no fee hold, and its events carry the wallet', async () => {
    const m = merchant();
    await chargeFlat(m, '1500');
    // The same fee refuses an ordinary sale (the wallet is empty): the top-up below is not charged it.
    await expect(initiate(m, { idempotency_key: 'sale-1' })).rejects.toMatchObject({ code: 'insufficient_service_balance' });

    const accepted = await initiate(m, { top_up_wallet: 'service_wallet', idempotency_key: 'top-1' });
    expect(accepted.status).toBe('pending');
    const { rows } = await db.query(`SELECT top_up_wallet, fee_minor, business_short_code FROM stk.stk_transactions WHERE id = $1`, [accepted.transaction_id]);
    expect(rows).toEqual([{ top_up_wallet: 'service_wallet', fee_minor: '0', business_short_code: '174379' }]);
    expect(await feeTransfers(accepted.transaction_id)).toEqual([]);

    const initiated = await eventually(() => {
      const e = eventOf(PaymentInitiatedV1.type, accepted.transaction_id);
      if (!e) throw new Error('no payment.initiated yet');
      return e;
    });
    expect(initiated.payload).toMatchObject({ top_up_wallet: 'service_wallet', fee_minor: '0', business_short_code: '174379' });

    const callback = await eventually(() => callbackFor(accepted.checkout_request_id));
    const receipt = callback.CallbackMetadata.Item.find((i: any) => i.Name === 'MpesaReceiptNumber').Value;
    await probe.publish(StkCallbackReceivedV1.type, {
      callback_id: `cb-${accepted.transaction_id}`,
      transaction_id: accepted.transaction_id,
      checkout_request_id: accepted.checkout_request_id,
      merchant_request_id: accepted.merchant_request_id,
      result_code: '0',
      result_desc: 'The service request is processed successfully.',
      mpesa_receipt_number: receipt,
    } satisfies StkCallbackReceivedV1);
    const completed = await eventually(() => {
      const e = eventOf(PaymentCompletedV1.type, accepted.transaction_id);
      if (!e) throw new Error('no payment.completed yet');
      return e;
    });
    expect(completed.payload).toMatchObject({ status: 'completed', top_up_wallet: 'service_wallet', transaction_code: receipt });
    expect(completed.payload).not.toHaveProperty('payment_id');
    expect(await feeTransfers(accepted.transaction_id)).toEqual([]);
  });

  it('puts the wallet on payment.failed too', async () => {
    const m = merchant();
    const accepted = await initiate(m, { top_up_wallet: 'b2c_wallet' });
    await probe.publish(StkCallbackReceivedV1.type, {
      callback_id: `cb-${accepted.transaction_id}`,
      transaction_id: accepted.transaction_id,
      checkout_request_id: accepted.checkout_request_id,
      merchant_request_id: accepted.merchant_request_id,
      result_code: '1032',
      result_desc: 'Request cancelled by user',
    } satisfies StkCallbackReceivedV1);
    const failed = await eventually(() => {
      const e = eventOf(PaymentFailedV1.type, accepted.transaction_id);
      if (!e) throw new Error('no payment.failed yet');
      return e;
    });
    expect(failed.payload).toMatchObject({ status: 'cancelled', top_up_wallet: 'b2c_wallet' });
  });

  it('refuses a top-up that names a payment account, before anything is written or sent', async () => {
    const m = merchant();
    const pushes = sim.requestCounts().stkPush;
    const account = {
      payment_id: '#00001',
      kind: 'paybill',
      business_short_code: '600111',
      party_b: '600111',
      transaction_type: 'CustomerPayBillOnline',
    };
    await expect(initiate(m, { top_up_wallet: 'service_wallet', account: account as InitiateStkPushV1['account'] })).rejects.toMatchObject({
      code: 'validation_error',
    });
    expect(sim.requestCounts().stkPush).toBe(pushes);
    expect((await db.query(`SELECT id FROM stk.stk_transactions WHERE merchant_id = $1`, [m])).rows).toEqual([]);
  });
});
