import { randomUUID } from 'node:crypto';
import {
  HoldTransactionFeeV1,
  LEDGER_SERVICE,
  ListTransactionsV1,
  PaymentCompletedV1,
  PaymentFailedV1,
  PaymentInitiatedV1,
  PostLedgerTransfersV1,
  SetFeeScheduleV1,
  TransactionList,
} from '@lipa/contracts';
import { Envelope, newEnvelope } from '@lipa/messaging';
import { eventually } from '@lipa/testing';
import { type BrokerPeer, connectBrokerPeer } from './broker-peer';
import { LedgerTestApp, startLedgerService } from './ledger-test-app';

jest.setTimeout(60_000);

/** The transactions read model, through RabbitMQ only: payment events on `<prefix>lipa.events`, ledger.transactions.list by RPC. */
describe('the transactions read model', () => {
  let ledger: LedgerTestApp;
  let peer: BrokerPeer;

  beforeAll(async () => {
    ledger = await startLedgerService('ledger_txns', { LEDGER_HOLD_SWEEP_INTERVAL_MS: '600000' });
    peer = await connectBrokerPeer(ledger.prefix, 'ledger-txns-client');
  });

  afterAll(async () => {
    await peer?.close();
    await ledger?.close();
  });

  const call = <R>(command: string, payload: unknown) => peer.rpc.request<R>(LEDGER_SERVICE, command, payload, { correlationId: randomUUID() });
  const merchant = () => `m_${randomUUID().slice(0, 8)}`;
  const txn = () => `txn_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const list = (q: Partial<ListTransactionsV1> & Pick<ListTransactionsV1, 'merchant_id'>) =>
    call<TransactionList>(ListTransactionsV1.command, { mode: 'live', ...q });
  const one = async (m: string, transactionId: string, mode: 'test' | 'live' = 'live') =>
    (await list({ merchant_id: m, mode, limit: 100 })).data.find((t) => t.transaction_id === transactionId);

  const publish = (envelope: Envelope) => peer.publish(envelope);

  interface Payment {
    m: string;
    id: string;
    amount?: string;
    mode?: 'test' | 'live';
    createdAt?: string;
    paymentId?: string;
    fee?: string;
  }

  function base(p: Payment) {
    return {
      transaction_id: p.id,
      merchant_id: p.m,
      mode: p.mode ?? 'live',
      amount_minor: p.amount ?? '100000',
      currency: 'KES',
      phone: '254708374149',
      reference: 'INV-1',
      checkout_request_id: `ws_CO_${p.id}`,
      merchant_request_id: `mr_${p.id}`,
      created_at: p.createdAt ?? new Date().toISOString(),
      business_short_code: '174379',
      ...(p.paymentId ? { payment_id: p.paymentId } : {}),
    };
  }
  const initiated = (p: Payment) =>
    newEnvelope(PaymentInitiatedV1.type, { ...base(p), status: 'pending', fee_minor: p.fee ?? '0' }, { correlationId: randomUUID(), merchantId: p.m });
  const completed = (p: Payment, code = `UJ${p.id.slice(-8).toUpperCase()}`) =>
    newEnvelope(
      PaymentCompletedV1.type,
      { ...base(p), completed_at: new Date().toISOString(), result_code: '0', result_desc: 'ok', status: 'completed', transaction_code: code },
      { correlationId: randomUUID(), merchantId: p.m },
    );
  const failed = (p: Payment, status: 'failed' | 'cancelled' | 'timeout' = 'cancelled') =>
    newEnvelope(
      PaymentFailedV1.type,
      { ...base(p), completed_at: new Date().toISOString(), result_code: '1032', result_desc: 'Request cancelled by user', status },
      { correlationId: randomUUID(), merchantId: p.m },
    );

  /** A fee of `fee` held on a funded service wallet, as stk-service does before the push. */
  async function holdFee(m: string, transactionId: string, fee: string) {
    await call(SetFeeScheduleV1.command, { scope: 'merchant', merchant_id: m, transaction_type: 'stk', schedule: { kind: 'flat', amount_minor: fee } });
    await call(PostLedgerTransfersV1.command, {
      transfers: [
        {
          id: `topup:${randomUUID()}`,
          debit_account: 'platform:live:funding',
          credit_account: `merchant:${m}:live:service_wallet`,
          amount_minor: '10000',
          code: 'top_up',
          cause_type: 'top_up',
          cause_id: m,
        },
      ],
    });
    await call(HoldTransactionFeeV1.command, { merchant_id: m, mode: 'live', transaction_type: 'stk', amount_minor: '100000', cause_id: transactionId });
  }

  it('lists an initiated payment as pending, then completed with its receipt and the fee deducted, once however often the events come', async () => {
    const m = merchant();
    const p = { m, id: txn(), fee: '500' };
    await holdFee(m, p.id, '500');
    const start = initiated(p);
    await publish(start);
    await eventually(async () =>
      expect(await one(m, p.id)).toMatchObject({ status: 'pending', fee_minor: '500', fee_deducted: false, transaction_code: null }),
    );

    const done = completed(p);
    await publish(done);
    await publish(done); // redelivered: the inbox drops it
    await publish({ ...done, id: randomUUID() }); // a second envelope about the same payment
    await publish({ ...start, id: randomUUID() }); // a late initiation changes nothing
    await eventually(async () =>
      expect(await one(m, p.id)).toEqual({
        transaction_id: p.id,
        mode: 'live',
        type: 'stk_push',
        status: 'completed',
        amount_minor: '100000',
        phone: '254708374149',
        reference: 'INV-1',
        transaction_code: (done.payload as PaymentCompletedV1).transaction_code,
        fee_minor: '500',
        fee_deducted: true,
        payment_id: null,
        created_at: new Date((start.payload as PaymentInitiatedV1).created_at).toISOString(),
        completed_at: new Date((done.payload as PaymentCompletedV1).completed_at).toISOString(),
      }),
    );
    // Let the extra deliveries land, then check nothing was downgraded or doubled.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const all = await list({ merchant_id: m });
    expect(all.data).toHaveLength(1);
    expect(all.data[0]).toMatchObject({ status: 'completed', fee_deducted: true });
  });

  it('keeps a completion that arrived before its initiation; the initiation only fills what was missing', async () => {
    const m = merchant();
    const p = { m, id: txn(), fee: '300', paymentId: '#00001' };
    await publish(completed(p, 'EARLY12345'));
    await eventually(async () =>
      expect(await one(m, p.id)).toMatchObject({ status: 'completed', transaction_code: 'EARLY12345', fee_minor: '0', fee_deducted: false }),
    );
    await publish(initiated(p));
    await eventually(async () => expect((await one(m, p.id))?.fee_minor).toBe('300'));
    expect(await one(m, p.id)).toMatchObject({ status: 'completed', transaction_code: 'EARLY12345', fee_deducted: false, payment_id: '#00001' });
  });

  it('records a failure with its status, the fee not deducted, and never moves it again', async () => {
    const m = merchant();
    const p = { m, id: txn(), fee: '700' };
    await holdFee(m, p.id, '700');
    await publish(initiated(p));
    await publish(failed(p, 'cancelled'));
    await eventually(async () =>
      expect(await one(m, p.id)).toMatchObject({ status: 'cancelled', fee_minor: '700', fee_deducted: false, transaction_code: null }),
    );
    // stk-service publishes one outcome per payment; a second envelope of it and a late initiation change nothing.
    await publish(failed(p, 'timeout'));
    await publish(initiated(p));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await one(m, p.id)).toMatchObject({ status: 'cancelled', fee_deducted: false, transaction_code: null });
  });

  it("pages newest first with true totals, filters, and never lists another merchant's or the other mode's", async () => {
    const m = merchant();
    const other = merchant();
    const t0 = Date.UTC(2026, 10, 1);
    const minute = 60_000;
    const ids: string[] = [];
    for (let i = 0; i < 25; i += 1) {
      const p = {
        m,
        id: `txn_page${String(i).padStart(2, '0')}_${m}`,
        createdAt: new Date(t0 + i * minute).toISOString(),
        paymentId: i % 5 === 0 ? '#00002' : undefined,
      };
      ids.push(p.id);
      await publish(initiated(p));
      if (i % 2 === 0) await publish(completed(p));
    }
    await publish(initiated({ m, id: txn(), mode: 'test', createdAt: new Date(t0).toISOString() }));
    await publish(initiated({ m: other, id: txn(), createdAt: new Date(t0).toISOString() }));
    await eventually(async () => expect((await list({ merchant_id: m, status: 'completed' })).pagination.total_items).toBe(13));
    await eventually(async () => expect((await list({ merchant_id: m, mode: 'test' })).pagination.total_items).toBe(1));
    await eventually(async () => expect((await list({ merchant_id: other })).pagination.total_items).toBe(1));

    const first = await list({ merchant_id: m });
    expect(first.pagination).toEqual({ current_page: 1, per_page: 10, total_items: 25, total_pages: 3 });
    expect(first.data.map((t) => t.transaction_id)).toEqual(ids.slice(15).reverse());
    const last = await list({ merchant_id: m, page: 3, limit: 10 });
    expect(last.data.map((t) => t.transaction_id)).toEqual(ids.slice(0, 5).reverse());
    expect(last.pagination).toEqual({ current_page: 3, per_page: 10, total_items: 25, total_pages: 3 });
    const beyond = await list({ merchant_id: m, page: 4 });
    expect(beyond.data).toEqual([]);
    expect(beyond.pagination.total_items).toBe(25);

    const pending = await list({ merchant_id: m, status: 'pending', limit: 100 });
    expect(pending.pagination.total_items).toBe(12);
    expect(pending.data.every((t) => t.status === 'pending')).toBe(true);
    expect((await list({ merchant_id: m, type: 'stk_push' })).pagination.total_items).toBe(25);
    expect((await list({ merchant_id: m, type: 'adjustment' })).pagination).toEqual({ current_page: 1, per_page: 10, total_items: 0, total_pages: 1 });
    const window = await list({ merchant_id: m, from: new Date(t0 + 10 * minute).toISOString(), to: new Date(t0 + 14 * minute).toISOString() });
    expect(window.data.map((t) => t.transaction_id)).toEqual(ids.slice(10, 15).reverse());
    const account = await list({ merchant_id: m, payment_id: '#00002' });
    expect(account.data.map((t) => t.transaction_id)).toEqual([ids[20], ids[15], ids[10], ids[5], ids[0]]);

    const seen = (await list({ merchant_id: m, limit: 100 })).data;
    expect(seen).toHaveLength(25);
    expect(seen.every((t) => t.mode === 'live' && ids.includes(t.transaction_id))).toBe(true);
    expect((await list({ merchant_id: m, mode: 'test' })).data.every((t) => t.mode === 'test')).toBe(true);
  });

  it('refuses a page larger than 100 and a malformed filter', async () => {
    await expect(list({ merchant_id: merchant(), limit: 101 })).rejects.toMatchObject({ code: 'validation_error' });
    await expect(list({ merchant_id: merchant(), from: 'yesterday' })).rejects.toMatchObject({ code: 'validation_error' });
    await expect(list({ merchant_id: merchant(), payment_id: '00001' })).rejects.toMatchObject({ code: 'validation_error' });
  });
});
