import { randomUUID } from 'node:crypto';
import {
  CountMerchantTransfersV1,
  GetMerchantBalancesV1,
  LEDGER_SERVICE,
  MerchantBalances,
  MerchantRegisteredV1,
  MerchantTransferCount,
  PaymentCompletedV1,
} from '@lipa/contracts';
import { Envelope, newEnvelope } from '@lipa/messaging';
import { eventually } from '@lipa/testing';
import { type BrokerPeer, connectBrokerPeer } from './broker-peer';
import { LedgerTestApp, balances, startLedgerService, sumOfBalances } from './ledger-test-app';

/**
 * ledger-service as a black box on the broker: events published straight to `<prefix>lipa.events`
 * the way any service's outbox relay would (docs/design.md §2 wire format), questions asked by RPC
 * from a client that shares nothing with the service but the broker.
 */
describe('ledger-service over RabbitMQ', () => {
  let ledger: LedgerTestApp;
  let peer: BrokerPeer;

  beforeAll(async () => {
    // Prefetch 1: the queue is handled strictly in order, so once the last event published has had
    // its effect, every event before it has been handled too (no sleeping to "let things settle").
    ledger = await startLedgerService('ledger_amqp', { AMQP_PREFETCH: '1' });
    peer = await connectBrokerPeer(ledger.prefix, 'ledger-test-client');
  });

  afterAll(async () => {
    await peer?.close();
    await ledger?.close();
  });

  const publish = (envelope: Envelope) => peer.publish(envelope);

  function paymentCompleted(
    merchantId: string,
    transactionId: string,
    amountMinor: string,
    mode: 'test' | 'live' = 'live',
    collectedOn: Pick<PaymentCompletedV1, 'business_short_code' | 'payment_id'> = {},
  ): Envelope<PaymentCompletedV1> {
    const now = new Date().toISOString();
    return newEnvelope(
      PaymentCompletedV1.type,
      {
        transaction_id: transactionId,
        merchant_id: merchantId,
        mode,
        amount_minor: amountMinor,
        currency: 'KES',
        phone: '254708374149',
        reference: 'INV-1',
        checkout_request_id: `ws_CO_${transactionId}`,
        merchant_request_id: `mr_${transactionId}`,
        result_code: '0',
        result_desc: 'The service request is processed successfully.',
        created_at: now,
        completed_at: now,
        status: 'completed',
        transaction_code: `UJ${transactionId.slice(-8).toUpperCase()}`,
        ...collectedOn,
      } as PaymentCompletedV1,
      { correlationId: randomUUID(), merchantId },
    );
  }

  const count = (merchantId: string) =>
    peer.rpc.request<MerchantTransferCount>(LEDGER_SERVICE, CountMerchantTransfersV1.command, { merchant_id: merchantId }, { correlationId: randomUUID() });
  const merchantBalances = (merchantId: string) =>
    peer.rpc.request<MerchantBalances>(LEDGER_SERVICE, GetMerchantBalancesV1.command, { merchant_id: merchantId }, { correlationId: randomUUID() });
  const merchant = () => `m_${randomUUID().slice(0, 8)}`;
  const txn = () => `txn_${randomUUID().replace(/-/g, '').slice(0, 16)}`;

  it('credits the collections account once per payment.completed, however often it is delivered', async () => {
    const m = merchant();
    const transactionId = txn();
    const first = paymentCompleted(m, transactionId, '150000');
    const sameTransactionNewEnvelope = { ...paymentCompleted(m, transactionId, '150000'), id: randomUUID() };

    await publish(first);
    await publish(first); // redelivery: the inbox drops it
    await publish(sameTransactionNewEnvelope); // a second event about the same payment: the transfer id drops it
    const sentinel = paymentCompleted(m, txn(), '1');
    await publish(sentinel);

    await eventually(async () => expect(await count(m)).toEqual({ merchant_id: m, count: 2, total_minor: '150001' }));
    const transfers = await ledger.dataSource.query(`SELECT id, amount_minor, code, cause_type, cause_id, reference FROM ledger.transfers WHERE id = $1`, [
      `payment:${transactionId}`,
    ]);
    expect(transfers).toEqual([
      {
        id: `payment:${transactionId}`,
        amount_minor: '150000',
        code: 'stk_collection',
        cause_type: 'stk_transaction',
        cause_id: transactionId,
        reference: first.payload.transaction_code,
      },
    ]);
    expect((await merchantBalances(m)).collections_minor).toBe('150001');
    // All three envelopes reached the consumer: two were recorded in the inbox, the repeat was a duplicate.
    const inbox = await ledger.dataSource.query(`SELECT envelope_id FROM ledger.inbox WHERE envelope_id = ANY($1::uuid[])`, [
      [first.id, sameTransactionNewEnvelope.id],
    ]);
    expect(inbox).toHaveLength(2);
  });

  it('keeps the sum of all balances at zero after several payments', async () => {
    const merchants = [merchant(), merchant(), merchant()];
    const amounts = ['100', '2500', '99999999999'];
    for (const [i, m] of merchants.entries()) await publish(paymentCompleted(m, txn(), amounts[i]));

    await eventually(async () => expect((await merchantBalances(merchants[2])).collections_minor).toBe('99999999999'));
    expect((await merchantBalances(merchants[0])).collections_minor).toBe('100');
    expect((await merchantBalances(merchants[1])).collections_minor).toBe('2500');
    expect(await sumOfBalances(ledger.dataSource)).toBe(0n);
    expect((await balances(ledger.dataSource))['platform:live:mpesa_collections:unattributed']).toBeLessThan(0n);
  });

  it('keeps sandbox (test-mode) payments apart from real money', async () => {
    const m = merchant();
    await publish(paymentCompleted(m, txn(), '5000', 'test'));
    await publish(paymentCompleted(m, txn(), '700', 'live'));
    const testBalances = () =>
      peer.rpc.request<MerchantBalances>(LEDGER_SERVICE, GetMerchantBalancesV1.command, { merchant_id: m, mode: 'test' }, { correlationId: randomUUID() });
    await eventually(async () => expect((await testBalances()).collections_minor).toBe('5000'));
    await eventually(async () => expect((await merchantBalances(m)).collections_minor).toBe('700'));
    expect((await merchantBalances(m)).mode).toBe('live');
    const all = await balances(ledger.dataSource);
    expect(all[`merchant:${m}:test:collections`]).toBe(5000n);
    expect(all[`merchant:${m}:live:collections`]).toBe(700n);
    expect(await sumOfBalances(ledger.dataSource)).toBe(0n);
  });

  it("posts a payment to the collections of the shortcode that took it, and one on the merchant's own shortcode to memo accounts", async () => {
    const m = merchant();
    await publish(paymentCompleted(m, txn(), '1000', 'live', { business_short_code: '174379' }));
    await publish(paymentCompleted(m, txn(), '250', 'test', { business_short_code: '174379' }));
    const own = paymentCompleted(m, txn(), '9000', 'live', { business_short_code: '5123456', payment_id: '#00002' });
    await publish(own);
    await eventually(async () => expect((await merchantBalances(m)).wallets?.own_collections_memo?.total_minor).toBe('9000'));
    const all = await balances(ledger.dataSource);
    expect(all[`merchant:${m}:live:collections`]).toBe(1000n);
    expect(all[`merchant:${m}:test:collections`]).toBe(250n);
    expect(all[`merchant:${m}:live:own_collections_memo`]).toBe(9000n);
    expect(all['platform:live:mpesa_collections:174379']).toBeLessThanOrEqual(-1000n);
    expect(all['platform:live:mpesa_collections_memo:5123456']).toBeLessThanOrEqual(-9000n);
    // The platform does not hold own-shortcode money: the merchant's collections (and count) ignore it.
    expect((await merchantBalances(m)).collections_minor).toBe('1000');
    expect(await count(m)).toEqual({ merchant_id: m, count: 1, total_minor: '1000' });
    const [row] = await ledger.dataSource.query(`SELECT code, cause_type, metadata FROM ledger.transfers WHERE id = $1`, [
      `payment:${own.payload.transaction_id}`,
    ]);
    expect(row).toMatchObject({ code: 'stk_collection', cause_type: 'stk_transaction', metadata: { payment_id: '#00002' } });
    expect(await sumOfBalances(ledger.dataSource)).toBe(0n);
  });

  it('opens the merchant accounts on merchant.registered', async () => {
    const m = merchant();
    await publish(
      newEnvelope(MerchantRegisteredV1.type, { merchant_id: m, name: 'Duka', email: 'duka@example.com' }, { correlationId: randomUUID(), merchantId: m }),
    );

    await eventually(async () => {
      const codes = Object.keys(await balances(ledger.dataSource)).filter((code) => code.includes(m));
      expect(codes.sort()).toEqual(
        ['live', 'test'].flatMap((mode) =>
          ['b2c_wallet', 'collections', 'own_collections_memo', 'service_wallet'].map((kind) => `merchant:${m}:${mode}:${kind}`),
        ),
      );
    });
  });

  it('answers ledger.balances.get with strings of minor units, only for the merchant asked about', async () => {
    const m = merchant();
    const other = merchant();
    await publish(paymentCompleted(m, txn(), '4200'));
    await publish(paymentCompleted(other, txn(), '777'));

    await eventually(async () => expect((await merchantBalances(other)).collections_minor).toBe('777'));
    expect(await merchantBalances(m)).toEqual({
      merchant_id: m,
      currency: 'KES',
      mode: 'live',
      service_wallet_minor: '0',
      b2c_wallet_minor: '0',
      collections_minor: '4200',
      wallets: {
        service_wallet: { available_minor: '0', held_minor: '0', total_minor: '0' },
        b2c_wallet: { available_minor: '0', held_minor: '0', total_minor: '0' },
        collections: { available_minor: '4200', held_minor: '0', total_minor: '4200' },
        own_collections_memo: { available_minor: '0', held_minor: '0', total_minor: '0' },
      },
    });
  });

  it('answers zeros for a merchant the ledger has never seen', async () => {
    const m = merchant();
    expect(await merchantBalances(m)).toEqual({
      merchant_id: m,
      currency: 'KES',
      mode: 'live',
      service_wallet_minor: '0',
      b2c_wallet_minor: '0',
      collections_minor: '0',
      wallets: {
        service_wallet: { available_minor: '0', held_minor: '0', total_minor: '0' },
        b2c_wallet: { available_minor: '0', held_minor: '0', total_minor: '0' },
        collections: { available_minor: '0', held_minor: '0', total_minor: '0' },
        own_collections_memo: { available_minor: '0', held_minor: '0', total_minor: '0' },
      },
    });
    expect(await count(m)).toEqual({ merchant_id: m, count: 0, total_minor: '0' });
  });

  it('refuses a malformed RPC with validation_error (400)', async () => {
    await expect(peer.rpc.request(LEDGER_SERVICE, GetMerchantBalancesV1.command, { merchant: 'x' }, { correlationId: randomUUID() })).rejects.toMatchObject({
      code: 'validation_error',
      status: 400,
    });
  });

  it('dead-letters a malformed payment.completed after bounded retries, posting nothing', async () => {
    const m = merchant();
    const malformed = paymentCompleted(m, txn(), '12.50'); // not an integer of minor units
    await publish(malformed);

    const dlq = `${ledger.prefix}lipa.${LEDGER_SERVICE}.dlq`;
    const deadLettered = await eventually(async () => {
      const message = await peer.take(dlq);
      expect(message).not.toBe(false);
      return message as Exclude<typeof message, false>;
    });
    expect(deadLettered.properties.messageId).toBe(malformed.id);
    expect(await count(m)).toEqual({ merchant_id: m, count: 0, total_minor: '0' });
    expect(await merchantBalances(m)).toMatchObject({ collections_minor: '0' });
  });

  it('is ready with database, broker and redis up', async () => {
    const response = await fetch(`${ledger.url}/health/ready`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; info: Record<string, { status: string }> };
    expect(body.status).toBe('ok');
    expect(body.info).toMatchObject({ database: { status: 'up' }, redis: { status: 'up' }, broker: { status: 'up' } });
    expect(Object.keys(body.info).sort()).toEqual(['broker', 'database', 'redis']);
  });
});
