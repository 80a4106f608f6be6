import { randomUUID } from 'node:crypto';
import {
  GetMerchantBalancesV1,
  GetTransactionV1,
  InitiateStkPushV1,
  LEDGER_SERVICE,
  MerchantBalances,
  PaymentCompletedV1,
  PostLedgerTransfersV1,
  STK_SERVICE,
  SetFeeScheduleV1,
  StkCallbackReceivedV1,
  StkPushAccepted,
  TransactionView,
} from '@lipa/contracts';
import { eventually } from '@lipa/testing';
import { type StkWithLedger, startStkWithLedger } from './stk-with-ledger';

/** The STK fee held on the service wallet before the push: stk-service, the real ledger-service and daraja-sim. */
describe('stk-service fees', () => {
  let stack: StkWithLedger;
  let sim: StkWithLedger['sim'];
  let callbacks: StkWithLedger['callbacks'];
  let probe: StkWithLedger['probe'];
  let db: StkWithLedger['db'];
  let ledgerDb: StkWithLedger['ledgerDb'];

  beforeAll(async () => {
    stack = await startStkWithLedger('stk_fees', [PaymentCompletedV1.type]);
    ({ sim, callbacks, probe, db, ledgerDb } = stack);
  });

  afterAll(async () => stack?.close());

  const ask = <R>(service: string, command: string, payload: unknown) => probe.rpc.request<R>(service, command, payload, { correlationId: randomUUID() });
  const merchant = () => `mch_fee_${randomUUID().slice(0, 8)}`;
  const initiate = (merchantId: string, overrides: Partial<InitiateStkPushV1> = {}) =>
    ask<StkPushAccepted>(STK_SERVICE, InitiateStkPushV1.command, {
      merchant_id: merchantId,
      mode: 'test',
      phone: '254712345678',
      amount_minor: '100000',
      reference: 'INV-FEE',
      ...overrides,
    });
  const view = (merchantId: string, transactionId: string) =>
    ask<TransactionView>(STK_SERVICE, GetTransactionV1.command, { merchant_id: merchantId, transaction_id: transactionId });
  const chargeFlat = (merchantId: string, amountMinor: string) =>
    ask(LEDGER_SERVICE, SetFeeScheduleV1.command, {
      scope: 'merchant',
      merchant_id: merchantId,
      transaction_type: 'stk',
      schedule: { kind: 'flat', amount_minor: amountMinor },
    });
  const topUp = (merchantId: string, amountMinor: string) =>
    ask(LEDGER_SERVICE, PostLedgerTransfersV1.command, {
      transfers: [
        {
          id: `topup:${randomUUID()}`,
          debit_account: 'platform:test:funding',
          credit_account: `merchant:${merchantId}:test:service_wallet`,
          amount_minor: amountMinor,
          code: 'top_up',
          cause_type: 'top_up',
          cause_id: merchantId,
        },
      ],
    });
  const serviceWallet = async (merchantId: string) =>
    (await ask<MerchantBalances>(LEDGER_SERVICE, GetMerchantBalancesV1.command, { merchant_id: merchantId, mode: 'test' })).wallets?.service_wallet;
  const feeHolds = async (transactionId: string) =>
    (await ledgerDb.query(`SELECT hold_state, amount_minor FROM ledger.transfers WHERE id = $1`, [`fee:${transactionId}`])).rows;

  function callbackFor(checkoutRequestId: string) {
    const request = callbacks.requests.find((r) => (r.json as any)?.Body?.stkCallback?.CheckoutRequestID === checkoutRequestId);
    if (!request) throw new Error('no callback yet');
    return (request.json as any).Body.stkCallback;
  }

  it('sends the push with no hold and shows a fee of 0 when the schedule charges nothing (the shipped STK default)', async () => {
    const m = merchant();
    const accepted = await initiate(m);
    expect(accepted.status).toBe('pending');
    expect(await view(m, accepted.transaction_id)).toMatchObject({ fee_amount: 0, fee_deducted: false });
    expect(await feeHolds(accepted.transaction_id)).toEqual([]);
  });

  it('refuses the push with insufficient_service_balance when the wallet cannot cover the fee, and sends nothing', async () => {
    const m = merchant();
    await chargeFlat(m, '1500');
    await topUp(m, '1000');
    const pushes = sim.requestCounts().stkPush;
    const error = await initiate(m, { idempotency_key: 'short-1' }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'insufficient_service_balance',
      status: 422,
      message: 'Insufficient service balance: top up your service wallet to cover transaction fees',
    });
    expect(sim.requestCounts().stkPush).toBe(pushes);
    const { rows } = await db.query(`SELECT id, status, result_code, checkout_request_id FROM stk.stk_transactions WHERE merchant_id = $1`, [m]);
    expect(rows).toEqual([expect.objectContaining({ status: 'failed', result_code: 'insufficient_service_balance', checkout_request_id: null })]);
    expect(await feeHolds(rows[0].id)).toEqual([]);
    expect(await serviceWallet(m)).toEqual({ available_minor: '1000', held_minor: '0', total_minor: '1000' });
    // The same key fails the same way, without a hold or a push, even once the wallet could cover it.
    await topUp(m, '5000');
    await expect(initiate(m, { idempotency_key: 'short-1' })).rejects.toMatchObject({ code: 'insufficient_service_balance', status: 422 });
    expect(sim.requestCounts().stkPush).toBe(pushes);
    expect(await serviceWallet(m)).toEqual({ available_minor: '6000', held_minor: '0', total_minor: '6000' });
  });

  it('holds the fee before the push, once for a repeated key, shows it, and takes it when the payment completes', async () => {
    const m = merchant();
    await chargeFlat(m, '1500');
    await topUp(m, '5000');
    const accepted = await initiate(m, { idempotency_key: 'paid-1' });
    const again = await initiate(m, { idempotency_key: 'paid-1' });
    expect(again.transaction_id).toBe(accepted.transaction_id);
    expect(await feeHolds(accepted.transaction_id)).toEqual([{ hold_state: 'pending', amount_minor: '1500' }]);
    expect(await serviceWallet(m)).toEqual({ available_minor: '3500', held_minor: '1500', total_minor: '5000' });
    expect(await view(m, accepted.transaction_id)).toMatchObject({ status: 'pending', fee_amount: 15, fee_deducted: false });

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
    await eventually(async () => expect(await feeHolds(accepted.transaction_id)).toEqual([{ hold_state: 'posted', amount_minor: '1500' }]));
    expect(await view(m, accepted.transaction_id)).toMatchObject({ status: 'completed', fee_amount: 15, fee_deducted: true });
    expect(await serviceWallet(m)).toEqual({ available_minor: '3500', held_minor: '0', total_minor: '3500' });
  });

  it('releases the fee when M-Pesa refuses the push (no payment event will end the hold)', async () => {
    const m = merchant();
    await chargeFlat(m, '700');
    await topUp(m, '1000');
    // daraja-sim throttles this number: the push never reaches M-Pesa.
    const error = await initiate(m, { phone: '254700000500' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'mpesa_unavailable', status: 503 });
    const { rows } = await db.query(`SELECT id FROM stk.stk_transactions WHERE merchant_id = $1`, [m]);
    await eventually(async () => expect(await feeHolds(rows[0].id)).toEqual([{ hold_state: 'voided', amount_minor: '700' }]));
    expect(await serviceWallet(m)).toEqual({ available_minor: '1000', held_minor: '0', total_minor: '1000' });
  });
});
