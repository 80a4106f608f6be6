import { randomUUID } from 'node:crypto';
import { LEDGER_SERVICE, ListTransactionsV1, PaymentCompletedV1, PaymentFailedV1, PaymentInitiatedV1, TransactionList } from '@lipa/contracts';
import { Envelope, newEnvelope } from '@lipa/messaging';
import { eventually } from '@lipa/testing';
import { type BrokerPeer, connectBrokerPeer } from './broker-peer';
import { LedgerTestApp, balances, balancesNotMatchingTransfers, startLedgerService } from './ledger-test-app';

jest.setTimeout(60_000);

/** A top-up (payment events with `top_up_wallet`), through RabbitMQ only: it credits the wallet, never the collections. */
describe('wallet top-ups by STK push', () => {
  let ledger: LedgerTestApp;
  let peer: BrokerPeer;

  beforeAll(async () => {
    ledger = await startLedgerService('ledger_topup', { LEDGER_HOLD_SWEEP_INTERVAL_MS: '600000' });
    peer = await connectBrokerPeer(ledger.prefix, 'ledger-topup-client');
  });

  afterAll(async () => {
    await peer?.close();
    await ledger?.close();
  });

  const merchant = () => `m_${randomUUID().slice(0, 8)}`;
  const txn = () => `txn_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const one = async (m: string, transactionId: string) =>
    (
      await peer.rpc.request<TransactionList>(
        LEDGER_SERVICE,
        ListTransactionsV1.command,
        { merchant_id: m, mode: 'live', limit: 100 } satisfies ListTransactionsV1,
        {
          correlationId: randomUUID(),
        },
      )
    ).data.find((t) => t.transaction_id === transactionId);
  const balance = async (code: string) => (await balances(ledger.dataSource))[code] ?? 0n;

  const publish = (envelope: Envelope) => peer.publish(envelope);

  function base(m: string, id: string, wallet: 'service_wallet' | 'b2c_wallet') {
    return {
      transaction_id: id,
      merchant_id: m,
      mode: 'live',
      amount_minor: '250000',
      currency: 'KES',
      phone: '254708374149',
      reference: 'Top-up',
      checkout_request_id: `ws_CO_${id}`,
      merchant_request_id: `mr_${id}`,
      created_at: new Date().toISOString(),
      business_short_code: '600000',
      top_up_wallet: wallet,
    };
  }
  const initiated = (m: string, id: string, wallet: 'service_wallet' | 'b2c_wallet') =>
    newEnvelope(PaymentInitiatedV1.type, { ...base(m, id, wallet), status: 'pending', fee_minor: '0' }, { correlationId: randomUUID(), merchantId: m });
  const completed = (m: string, id: string, wallet: 'service_wallet' | 'b2c_wallet') =>
    newEnvelope(
      PaymentCompletedV1.type,
      {
        ...base(m, id, wallet),
        completed_at: new Date().toISOString(),
        result_code: '0',
        result_desc: 'ok',
        status: 'completed',
        transaction_code: 'TOPUP12345',
      },
      { correlationId: randomUUID(), merchantId: m },
    );
  const failed = (m: string, id: string, wallet: 'service_wallet' | 'b2c_wallet') =>
    newEnvelope(
      PaymentFailedV1.type,
      { ...base(m, id, wallet), completed_at: new Date().toISOString(), result_code: '1032', result_desc: 'Request cancelled by user', status: 'cancelled' },
      { correlationId: randomUUID(), merchantId: m },
    );

  it('credits the wallet once from the platform collections of the shortcode, however often the completion comes, and lists it as top_up', async () => {
    const m = merchant();
    const id = txn();
    const platform = 'platform:live:mpesa_collections:600000';
    const platformBefore = await balance(platform);
    await publish(initiated(m, id, 'service_wallet'));
    const done = completed(m, id, 'service_wallet');
    await publish(done);
    await publish(done); // redelivered: the inbox drops it
    await publish({ ...done, id: randomUUID() }); // a second envelope about the same payment: the transfer id drops it
    await eventually(async () => expect(await one(m, id)).toMatchObject({ type: 'top_up', status: 'completed', transaction_code: 'TOPUP12345' }));
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(await balance(`merchant:${m}:live:service_wallet`)).toBe(250000n);
    expect(await balance(platform)).toBe(platformBefore - 250000n);
    expect(await balance(`merchant:${m}:live:collections`)).toBe(0n);
    expect(await balance(`merchant:${m}:live:b2c_wallet`)).toBe(0n);
    const transfers: { code: string; amount_minor: string }[] = await ledger.dataSource.query(
      `SELECT code, amount_minor FROM ledger.transfers WHERE cause_id = $1 OR id LIKE $2`,
      [id, `%${id}%`],
    );
    expect(transfers).toEqual([{ code: 'top_up', amount_minor: '250000' }]);
    expect(await one(m, id)).toMatchObject({ type: 'top_up', fee_minor: '0', fee_deducted: false });
    expect(await balancesNotMatchingTransfers(ledger.dataSource)).toEqual([]);
  });

  it('credits nothing for a failed top-up, and lists it as top_up with its status', async () => {
    const m = merchant();
    const id = txn();
    await publish(initiated(m, id, 'b2c_wallet'));
    await publish(failed(m, id, 'b2c_wallet'));
    await eventually(async () => expect(await one(m, id)).toMatchObject({ type: 'top_up', status: 'cancelled' }));
    expect(await balance(`merchant:${m}:live:b2c_wallet`)).toBe(0n);
    expect(await balance(`merchant:${m}:live:collections`)).toBe(0n);
    expect((await ledger.dataSource.query(`SELECT id FROM ledger.transfers WHERE cause_id = $1 OR id LIKE $2`, [id, `%${id}%`])).length).toBe(0);
  });
});
