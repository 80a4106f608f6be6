import { randomUUID } from 'node:crypto';
import {
  FeeSchedulesView,
  GetFeeSchedulesV1,
  GetMerchantBalancesV1,
  HoldTransactionFeeV1,
  LEDGER_SERVICE,
  MerchantBalances,
  PaymentCompletedV1,
  PaymentFailedV1,
  PostLedgerTransfersV1,
  SetFeeScheduleResult,
  SetFeeScheduleV1,
  TransactionFeeHold,
} from '@lipa/contracts';
import { Envelope, newEnvelope } from '@lipa/messaging';
import { DEFAULT_FEE_SCHEDULES, feeScheduleToJson } from '@lipa/money';
import { eventually } from '@lipa/testing';
import { type BrokerPeer, connectBrokerPeer } from './broker-peer';
import { LedgerTestApp, balances, balancesNotMatchingTransfers, startLedgerService, sumOfBalances } from './ledger-test-app';

/** Fee schedules and the STK fee hold, through RabbitMQ only (commands by RPC, payment events on `<prefix>lipa.events`). */
describe('fees in the ledger', () => {
  let ledger: LedgerTestApp;
  let peer: BrokerPeer;

  beforeAll(async () => {
    ledger = await startLedgerService('ledger_fees', { LEDGER_HOLD_SWEEP_INTERVAL_MS: '600000' });
    peer = await connectBrokerPeer(ledger.prefix, 'ledger-fees-client');
  });

  afterAll(async () => {
    await peer?.close();
    await ledger?.close();
  });

  afterEach(async () => {
    expect(await sumOfBalances(ledger.dataSource)).toBe(0n);
    expect(await balancesNotMatchingTransfers(ledger.dataSource)).toEqual([]);
  });

  const call = <R>(command: string, payload: unknown) => peer.rpc.request<R>(LEDGER_SERVICE, command, payload, { correlationId: randomUUID() });
  const merchant = () => `m_${randomUUID().slice(0, 8)}`;
  const txn = () => `txn_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const flat = (amount: string) => ({ kind: 'flat', amount_minor: amount });
  const percentage = { kind: 'percentage', basis_points: 150, min_minor: '1000', max_minor: '50000' };

  const setSchedule = (payload: Partial<SetFeeScheduleV1>) => call<SetFeeScheduleResult>(SetFeeScheduleV1.command, payload);
  const schedules = (merchantId?: string) => call<FeeSchedulesView>(GetFeeSchedulesV1.command, merchantId ? { merchant_id: merchantId } : {});
  const holdFee = (m: string, transactionId: string, amount: string, mode: 'test' | 'live' = 'live') =>
    call<TransactionFeeHold>(HoldTransactionFeeV1.command, { merchant_id: m, mode, transaction_type: 'stk', amount_minor: amount, cause_id: transactionId });
  const topUp = (m: string, amount: string, mode: 'test' | 'live' = 'live') =>
    call(PostLedgerTransfersV1.command, {
      transfers: [
        {
          id: `topup:${randomUUID()}`,
          debit_account: `platform:${mode}:funding`,
          credit_account: `merchant:${m}:${mode}:service_wallet`,
          amount_minor: amount,
          code: 'top_up',
          cause_type: 'top_up',
          cause_id: m,
        },
      ],
    });
  const serviceWallet = async (m: string, mode: 'test' | 'live' = 'live') =>
    (await call<MerchantBalances>(GetMerchantBalancesV1.command, { merchant_id: m, mode })).wallets?.service_wallet;
  const holdRow = async (transactionId: string) =>
    (
      (await ledger.dataSource.query(`SELECT hold_state, amount_minor FROM ledger.transfers WHERE id = $1`, [`fee:${transactionId}`])) as {
        hold_state: string;
        amount_minor: string;
      }[]
    )[0];

  const publish = (envelope: Envelope) => peer.publish(envelope);

  function paymentEvent(type: 'completed' | 'failed', m: string, transactionId: string, amountMinor: string, mode: 'test' | 'live' = 'live'): Envelope {
    const now = new Date().toISOString();
    const base = {
      transaction_id: transactionId,
      merchant_id: m,
      mode,
      amount_minor: amountMinor,
      currency: 'KES',
      phone: '254708374149',
      reference: 'INV-1',
      checkout_request_id: `ws_CO_${transactionId}`,
      merchant_request_id: `mr_${transactionId}`,
      created_at: now,
      completed_at: now,
      business_short_code: '174379',
    };
    const payload =
      type === 'completed'
        ? { ...base, result_code: '0', result_desc: 'ok', status: 'completed', transaction_code: `UJ${transactionId.slice(-8).toUpperCase()}` }
        : { ...base, result_code: '1032', result_desc: 'Request cancelled by user', status: 'cancelled' };
    return newEnvelope(type === 'completed' ? PaymentCompletedV1.type : PaymentFailedV1.type, payload, { correlationId: randomUUID(), merchantId: m });
  }

  describe('schedules', () => {
    it('answers the shipped defaults as the platform defaults until an admin sets one', async () => {
      const view = await schedules();
      expect(view.platform_defaults).toEqual({
        stk: feeScheduleToJson(DEFAULT_FEE_SCHEDULES.stk),
        c2b: feeScheduleToJson(DEFAULT_FEE_SCHEDULES.c2b),
        b2c: feeScheduleToJson(DEFAULT_FEE_SCHEDULES.b2c),
        b2b: feeScheduleToJson(DEFAULT_FEE_SCHEDULES.b2b),
      });
      expect(view.platform_defaults.b2c.kind).toBe('tiered');
      expect(view.overrides).toBeUndefined();
    });

    it('sets a platform default with before and after, and puts the shipped one back on null', async () => {
      const set = await setSchedule({ scope: 'platform', transaction_type: 'c2b', schedule: percentage });
      expect(set).toEqual({
        scope: 'platform',
        merchant_id: null,
        transaction_type: 'c2b',
        before: feeScheduleToJson(DEFAULT_FEE_SCHEDULES.c2b),
        after: percentage,
        changed: true,
      });
      expect((await schedules()).platform_defaults.c2b).toEqual(percentage);
      expect(await setSchedule({ scope: 'platform', transaction_type: 'c2b', schedule: { ...percentage, basis_points: 150 } })).toMatchObject({
        changed: false,
      });
      const reset = await setSchedule({ scope: 'platform', transaction_type: 'c2b', schedule: null });
      expect(reset).toMatchObject({ before: percentage, after: feeScheduleToJson(DEFAULT_FEE_SCHEDULES.c2b), changed: true });
      expect((await schedules()).platform_defaults.c2b).toEqual(feeScheduleToJson(DEFAULT_FEE_SCHEDULES.c2b));
    });

    it("keeps a merchant's override to that merchant, applies it whole, and removes it", async () => {
      const m = merchant();
      const other = merchant();
      expect(await setSchedule({ scope: 'merchant', merchant_id: m, transaction_type: 'b2c', schedule: flat('2500') })).toMatchObject({
        merchant_id: m,
        before: null,
        after: flat('2500'),
        changed: true,
      });
      const own = await schedules(m);
      expect(own.overrides).toEqual({ b2c: flat('2500') });
      expect(own.effective?.b2c).toEqual(flat('2500'));
      expect(own.effective?.stk).toEqual(own.platform_defaults.stk);
      expect(own.platform_defaults.b2c).toEqual(feeScheduleToJson(DEFAULT_FEE_SCHEDULES.b2c));
      const theirs = await schedules(other);
      expect(theirs.overrides).toEqual({});
      expect(theirs.effective?.b2c).toEqual(feeScheduleToJson(DEFAULT_FEE_SCHEDULES.b2c));

      expect(await setSchedule({ scope: 'merchant', merchant_id: m, transaction_type: 'b2c', schedule: null })).toMatchObject({
        before: flat('2500'),
        after: null,
        changed: true,
      });
      expect((await schedules(m)).overrides).toEqual({});
    });

    it('refuses a malformed schedule with invalid_fee_schedule and every problem, and stores nothing', async () => {
      const m = merchant();
      await expect(
        setSchedule({
          scope: 'merchant',
          merchant_id: m,
          transaction_type: 'stk',
          schedule: { kind: 'percentage', basis_points: 20_000, min_minor: '500', max_minor: '100' },
        }),
      ).rejects.toMatchObject({
        code: 'invalid_fee_schedule',
        status: 400,
        details: {
          problems: expect.arrayContaining([
            expect.objectContaining({ code: 'basis_points_out_of_range' }),
            expect.objectContaining({ code: 'min_above_max' }),
          ]),
        },
      });
      await expect(
        setSchedule({ scope: 'merchant', merchant_id: m, transaction_type: 'stk', schedule: { kind: 'flat', amount_minor: '5', amount_minnor: '5' } }),
      ).rejects.toMatchObject({
        code: 'invalid_fee_schedule',
        details: { problems: [expect.objectContaining({ code: 'unknown_field', path: 'amount_minnor' })] },
      });
      expect((await schedules(m)).overrides).toEqual({});
      await expect(setSchedule({ scope: 'merchant', transaction_type: 'stk', schedule: flat('1') })).rejects.toMatchObject({ code: 'validation_error' });
      await expect(setSchedule({ scope: 'platform', transaction_type: 'x' as 'stk', schedule: flat('1') })).rejects.toMatchObject({ code: 'validation_error' });
    });
  });

  describe('the STK fee hold', () => {
    it('holds nothing when the fee is 0 (the shipped STK default)', async () => {
      const m = merchant();
      const transactionId = txn();
      expect(await holdFee(m, transactionId, '100000')).toEqual({ fee_minor: '0', hold_id: null, created: false });
      expect(await holdRow(transactionId)).toBeUndefined();
      await publish(paymentEvent('completed', m, transactionId, '100000'));
      await eventually(async () => expect((await balances(ledger.dataSource))[`merchant:${m}:live:collections`]).toBe(100000n));
      expect(await serviceWallet(m)).toEqual({ available_minor: '0', held_minor: '0', total_minor: '0' });
    });

    it("holds the fee of the merchant's effective schedule once, and posts it to fee revenue on completion", async () => {
      const m = merchant();
      const transactionId = txn();
      await setSchedule({ scope: 'merchant', merchant_id: m, transaction_type: 'stk', schedule: percentage });
      await topUp(m, '5000');
      const revenueBefore = (await balances(ledger.dataSource))['platform:live:fee_revenue'] ?? 0n;

      // 1.5 % of KES 1,000.00 is KES 15.00.
      expect(await holdFee(m, transactionId, '100000')).toEqual({ fee_minor: '1500', hold_id: `fee:${transactionId}`, created: true });
      expect(await holdFee(m, transactionId, '100000')).toEqual({ fee_minor: '1500', hold_id: `fee:${transactionId}`, created: false });
      expect(await serviceWallet(m)).toEqual({ available_minor: '3500', held_minor: '1500', total_minor: '5000' });

      const completed = paymentEvent('completed', m, transactionId, '100000');
      await publish(completed);
      await publish({ ...completed, id: randomUUID() });
      await eventually(async () => expect((await holdRow(transactionId)).hold_state).toBe('posted'));
      await eventually(async () => expect((await balances(ledger.dataSource))[`merchant:${m}:live:collections`]).toBe(100000n));
      expect(await serviceWallet(m)).toEqual({ available_minor: '3500', held_minor: '0', total_minor: '3500' });
      expect((await balances(ledger.dataSource))['platform:live:fee_revenue']).toBe(revenueBefore + 1500n);
      // A hold asked for again after completion answers the posted one and holds nothing more.
      expect(await holdFee(m, transactionId, '100000')).toMatchObject({ fee_minor: '1500', created: false });
      expect(await serviceWallet(m)).toEqual({ available_minor: '3500', held_minor: '0', total_minor: '3500' });
    });

    it('releases the fee when the payment fails', async () => {
      const m = merchant();
      const transactionId = txn();
      await setSchedule({ scope: 'merchant', merchant_id: m, transaction_type: 'stk', schedule: flat('700') });
      await topUp(m, '1000', 'test');
      expect(await holdFee(m, transactionId, '20000', 'test')).toMatchObject({ fee_minor: '700', hold_id: `fee:${transactionId}` });
      expect(await serviceWallet(m, 'test')).toEqual({ available_minor: '300', held_minor: '700', total_minor: '1000' });

      await publish(paymentEvent('failed', m, transactionId, '20000', 'test'));
      await eventually(async () => expect((await holdRow(transactionId)).hold_state).toBe('voided'));
      expect(await serviceWallet(m, 'test')).toEqual({ available_minor: '1000', held_minor: '0', total_minor: '1000' });
      // The live wallet was never touched: the hold was on the transaction's mode.
      expect(await serviceWallet(m, 'live')).toEqual({ available_minor: '0', held_minor: '0', total_minor: '0' });
    });

    it('refuses with insufficient_service_balance when the wallet cannot cover the fee, and holds nothing', async () => {
      const m = merchant();
      const transactionId = txn();
      await setSchedule({ scope: 'merchant', merchant_id: m, transaction_type: 'stk', schedule: flat('1000') });
      await topUp(m, '999');
      await expect(holdFee(m, transactionId, '50000')).rejects.toMatchObject({
        code: 'insufficient_service_balance',
        status: 422,
        message: 'Insufficient service balance: top up your service wallet to cover transaction fees',
      });
      expect(await holdRow(transactionId)).toBeUndefined();
      expect(await serviceWallet(m)).toEqual({ available_minor: '999', held_minor: '0', total_minor: '999' });
      // The wallet's other holds count: one fee that fits, the next one refused.
      await topUp(m, '1001');
      expect(await holdFee(m, txn(), '50000')).toMatchObject({ fee_minor: '1000' });
      expect(await holdFee(m, txn(), '50000')).toMatchObject({ fee_minor: '1000' });
      await expect(holdFee(m, txn(), '50000')).rejects.toMatchObject({ code: 'insufficient_service_balance' });
    });

    it('holds once when the same transaction is asked for concurrently', async () => {
      const m = merchant();
      const transactionId = txn();
      await setSchedule({ scope: 'merchant', merchant_id: m, transaction_type: 'stk', schedule: flat('100') });
      await topUp(m, '10000');
      const answers = await Promise.all(Array.from({ length: 10 }, () => holdFee(m, transactionId, '50000')));
      expect(new Set(answers.map((a) => a.hold_id))).toEqual(new Set([`fee:${transactionId}`]));
      expect(await serviceWallet(m)).toEqual({ available_minor: '9900', held_minor: '100', total_minor: '10000' });
    });
  });
});
