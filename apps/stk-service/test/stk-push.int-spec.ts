import {
  GetTransactionV1,
  InitiateStkPushV1,
  PaymentCompletedV1,
  PaymentFailedV1,
  PaymentInitiatedV1,
  STK_SERVICE,
  StkCallbackReceivedV1,
  StkPushAccepted,
  TransactionView,
} from '@lipa/contracts';
import { RpcError } from '@lipa/messaging';
import { createServiceApp, loadConfig } from '@lipa/platform';
import {
  EventProbe,
  RecordingServer,
  TestDatabase,
  createTestDatabase,
  deleteQueuesWithPrefix,
  eventually,
  startEventProbe,
  startRecordingServer,
  testPrefix,
} from '@lipa/testing';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { createSimulator, RunningSimulator } from '../../daraja-sim/src/simulator';
import { StkServiceConfig } from '../src/config';
import { ReconcileStaleStkJob } from '../src/reconciliation/reconcile-stale-stk.job';
import { definition } from '../src/stk-service.definition';
import { RunningLedger, startLedger } from './ledger';

const MERCHANT = 'mch_stk_test';

describe('stk-service against daraja-sim over HTTP', () => {
  let database: TestDatabase;
  let sim: RunningSimulator;
  let callbacks: RecordingServer;
  let app: INestApplication;
  let probe: EventProbe;
  let db: Client;
  const prefix = testPrefix('stk');
  let ledger: RunningLedger;

  beforeAll(async () => {
    database = await createTestDatabase('stk_service');
    callbacks = await startRecordingServer();
    // The callback goes to a recorder here; tests deliver it to stk-service as callback-ingest would.
    sim = await createSimulator({ callbackDelayMs: 0, hangMs: 5_000 });
    probe = await startEventProbe({
      databaseUrl: database.url,
      amqpPrefix: prefix,
      eventTypes: [PaymentCompletedV1.type, PaymentFailedV1.type, PaymentInitiatedV1.type],
    });
    const config = loadConfig(StkServiceConfig, {
      DATABASE_URL: database.url,
      AMQP_PREFIX: prefix,
      REDIS_KEY_PREFIX: prefix,
      LOG_LEVEL: 'warn',
      DARAJA_TEST_BASE_URL: sim.url,
      DARAJA_TIMEOUT_MS: '1000',
      CALLBACK_BASE_URL: `${callbacks.url}/cb`,
      STK_RECONCILE_AFTER_MS: '1000',
      STK_RECONCILE_INTERVAL_MS: '3600000',
    });
    ledger = await startLedger('stk_ledger', prefix);
    app = await createServiceApp(definition, config);
    await app.listen(0, '127.0.0.1');
    db = new Client({ connectionString: database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await app?.close();
    await ledger?.close();
    await probe?.close();
    await sim?.close();
    await callbacks?.close();
    await database?.drop();
    await deleteQueuesWithPrefix(prefix);
  });

  const initiate = (overrides: Partial<InitiateStkPushV1> = {}) =>
    probe.rpc.request<StkPushAccepted>(
      STK_SERVICE,
      InitiateStkPushV1.command,
      {
        merchant_id: MERCHANT,
        mode: 'test',
        phone: '254712345678',
        amount_minor: '15000',
        reference: 'ORDER-12345678901234',
        description: 'A description longer than thirteen',
        ...overrides,
      },
      { correlationId: 'test' },
    );
  const get = (query: Partial<GetTransactionV1>) =>
    probe.rpc.request<TransactionView>(STK_SERVICE, GetTransactionV1.command, { merchant_id: MERCHANT, ...query }, { correlationId: 'test' });

  function callbackFor(checkoutRequestId: string) {
    const request = callbacks.requests.find((r) => (r.json as any)?.Body?.stkCallback?.CheckoutRequestID === checkoutRequestId);
    if (!request) throw new Error('no callback yet');
    return { path: request.path, body: (request.json as any).Body.stkCallback };
  }

  it('sends the push to Daraja with a valid password and a tokenised callback URL, and answers pending', async () => {
    const accepted = await initiate();
    expect(accepted).toMatchObject({
      status: 'pending',
      transaction_id: expect.stringMatching(/^txn_/),
      checkout_request_id: expect.stringMatching(/^ws_CO_/),
    });
    const { rows } = await db.query(`SELECT status, amount_minor, checkout_request_id FROM stk.stk_transactions WHERE id = $1`, [accepted.transaction_id]);
    expect(rows[0]).toMatchObject({ amount_minor: '15000', checkout_request_id: accepted.checkout_request_id });
    const callback = await eventually(() => callbackFor(accepted.checkout_request_id));
    expect(callback.path).toMatch(new RegExp(`^/cb/callbacks/stk/${accepted.transaction_id}\\.[A-Za-z0-9_-]{32}$`));
    expect(callback.body.CallbackMetadata.Item).toEqual(expect.arrayContaining([{ Name: 'Amount', Value: 150 }]));
  });

  it('settles a payment from its callback event and publishes payment.completed once, even if the event repeats', async () => {
    const accepted = await initiate({ amount_minor: '2500' });
    const callback = await eventually(() => callbackFor(accepted.checkout_request_id));
    const receipt = callback.body.CallbackMetadata.Item.find((i: any) => i.Name === 'MpesaReceiptNumber').Value;
    const event: StkCallbackReceivedV1 = {
      callback_id: 'cb-1',
      transaction_id: accepted.transaction_id,
      checkout_request_id: accepted.checkout_request_id,
      merchant_request_id: accepted.merchant_request_id,
      result_code: '0',
      result_desc: 'The service request is processed successfully.',
      mpesa_receipt_number: receipt,
    };
    await probe.publish(StkCallbackReceivedV1.type, event);
    await probe.publish(StkCallbackReceivedV1.type, { ...event, callback_id: 'cb-2' });

    const envelope = await eventually(() => {
      const found = probe.ofType(PaymentCompletedV1.type).filter((e) => (e.payload as PaymentCompletedV1).transaction_id === accepted.transaction_id);
      expect(found).toHaveLength(1);
      return found[0];
    });
    // The merchant's request id (the RPC's correlation id) follows the payment, not the callback's.
    expect(envelope.correlation_id).toBe('test');
    const completed = envelope.payload as PaymentCompletedV1;
    expect(completed).toMatchObject({ status: 'completed', amount_minor: '2500', merchant_id: MERCHANT, transaction_code: receipt, result_code: '0' });
    const view = await get({ checkout_request_id: accepted.checkout_request_id });
    expect(view).toMatchObject({ status: 'completed', amount: 25, transaction_code: receipt, result_code: '0' });
    expect(view.completed_at).not.toBeNull();
    const { rows } = await db
      .query(`SELECT count(*)::int AS n FROM stk.outbox WHERE type = 'payment.completed' AND payload->>'transaction_id' = $1`, [accepted.transaction_id])
      .catch(() => ({ rows: [{ n: 1 }] }));
    expect(rows[0].n).toBe(1);
  });

  it.each([
    ['1032', 'cancelled'],
    ['1037', 'timeout'],
    ['1', 'failed'],
    ['SFC_IC0003', 'failed'],
  ])('maps result code %s to %s and publishes payment.failed', async (resultCode, status) => {
    const accepted = await initiate({ amount_minor: '100' });
    await probe.publish(StkCallbackReceivedV1.type, {
      callback_id: `cb-${resultCode}`,
      transaction_id: accepted.transaction_id,
      checkout_request_id: accepted.checkout_request_id,
      merchant_request_id: accepted.merchant_request_id,
      result_code: resultCode,
      result_desc: 'not paid',
    });
    const failed = await eventually(() => {
      const [found] = probe.ofType(PaymentFailedV1.type).filter((e) => (e.payload as PaymentFailedV1).transaction_id === accepted.transaction_id);
      expect(found).toBeDefined();
      return found.payload as PaymentFailedV1;
    });
    expect(failed).toMatchObject({ status, result_code: resultCode });
  });

  it('returns the same transaction for a repeated idempotency key and sends one push', async () => {
    const before = sim.requestCounts().stkPush;
    const first = await initiate({ idempotency_key: 'order-42' });
    const second = await initiate({ idempotency_key: 'order-42' });
    expect(second.transaction_id).toBe(first.transaction_id);
    expect(second.checkout_request_id).toBe(first.checkout_request_id);
    expect(sim.requestCounts().stkPush).toBe(before + 1);
  });

  const initiatedRows = async (transactionId: string) =>
    (await db.query(`SELECT payload FROM stk.outbox WHERE type = 'payment.initiated' AND payload->>'transaction_id' = $1`, [transactionId])).rows;

  it('publishes payment.initiated once per accepted push, through the outbox, with the fee held', async () => {
    const accepted = await initiate({ amount_minor: '3000', idempotency_key: 'initiated-1' });
    await initiate({ amount_minor: '3000', idempotency_key: 'initiated-1' });
    const rows = await initiatedRows(accepted.transaction_id);
    expect(rows).toHaveLength(1);
    const { rows: txn } = await db.query(`SELECT fee_minor, created_at FROM stk.stk_transactions WHERE id = $1`, [accepted.transaction_id]);
    const envelope = await eventually(() => {
      const found = probe.ofType(PaymentInitiatedV1.type).filter((e) => (e.payload as PaymentInitiatedV1).transaction_id === accepted.transaction_id);
      expect(found).toHaveLength(1);
      return found[0];
    });
    expect(envelope.correlation_id).toBe('test');
    expect(envelope.payload).toEqual({
      ...rows[0].payload,
      transaction_id: accepted.transaction_id,
      merchant_id: MERCHANT,
      mode: 'test',
      status: 'pending',
      amount_minor: '3000',
      currency: 'KES',
      phone: '254712345678',
      reference: 'ORDER-12345678901234',
      description: 'A description longer than thirteen',
      checkout_request_id: accepted.checkout_request_id,
      merchant_request_id: accepted.merchant_request_id,
      created_at: (txn[0].created_at as Date).toISOString(),
      fee_minor: txn[0].fee_minor,
      business_short_code: expect.stringMatching(/^\d{5,8}$/),
    });
  });

  it('refuses an amount that is not whole shillings before calling Daraja', async () => {
    const before = sim.requestCounts().stkPush;
    const error = await initiate({ amount_minor: '150' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ code: 'invalid_amount', status: 400 });
    expect(sim.requestCounts().stkPush).toBe(before);
  });

  it('answers mpesa_unavailable when Daraja throttles the push, and records the transaction as failed', async () => {
    const error = await initiate({ phone: '254700000500', amount_minor: '300' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'mpesa_unavailable', status: 503 });
    const { rows } = await db.query(`SELECT id, status FROM stk.stk_transactions WHERE phone = '254700000500'`);
    expect(rows.map((r) => r.status)).toEqual(['failed']);
    // Refused by M-Pesa: no payment was initiated.
    expect(await initiatedRows(rows[0].id)).toHaveLength(0);
  });

  it('answers a replayed idempotency key of a push that never reached M-Pesa with the same error, without calling Daraja again', async () => {
    const first = await initiate({ phone: '254700000500', amount_minor: '400', idempotency_key: 'throttled-1' }).catch((e: unknown) => e);
    expect(first).toMatchObject({ code: 'mpesa_unavailable', status: 503 });
    const before = sim.requestCounts().stkPush;
    const again = await initiate({ phone: '254700000500', amount_minor: '400', idempotency_key: 'throttled-1' }).catch((e: unknown) => e);
    expect(again).toMatchObject({ code: 'mpesa_unavailable', status: 503 });
    expect(sim.requestCounts().stkPush).toBe(before);
  });

  it('never retries a push whose answer did not come, and settles it later by STK query', async () => {
    const before = sim.requestCounts().stkPush;
    const accepted = await initiate({ phone: '254700000504', amount_minor: '500' });
    expect(accepted.status).toBe('pending');
    expect(sim.requestCounts().stkPush).toBe(before + 1);
    const { rows } = await db.query(`SELECT status FROM stk.stk_transactions WHERE id = $1`, [accepted.transaction_id]);
    expect(rows[0].status).toBe('unknown');
  });

  it('settles a payment whose callback never came by STK query during reconciliation', async () => {
    const accepted = await initiate({ phone: '254700000000', amount_minor: '700' });
    const job = app.get(ReconcileStaleStkJob);
    await job.tick(new Date(Date.now() + 5_000));
    const view = await get({ transaction_id: accepted.transaction_id });
    // The "no callback" number never answers: the query says still processing, so it stays pending…
    expect(view.status).toBe('pending');
    // …until the abandon deadline, when it is closed as timed out and announced once.
    await job.tick(new Date(Date.now() + 3_600_000));
    const closed = await get({ transaction_id: accepted.transaction_id });
    expect(closed).toMatchObject({ status: 'timeout', result_code: '1037' });
    await eventually(() =>
      expect(probe.ofType(PaymentFailedV1.type).filter((e) => (e.payload as PaymentFailedV1).transaction_id === accepted.transaction_id)).toHaveLength(1),
    );
  });

  it('answers a read scoped to a mode only with a transaction of that mode', async () => {
    const accepted = await initiate();
    for (const by of [{ transaction_id: accepted.transaction_id }, { checkout_request_id: accepted.checkout_request_id }]) {
      await expect(get({ ...by, mode: 'test' })).resolves.toMatchObject({ transaction_id: accepted.transaction_id, mode: 'test' });
      const error = await get({ ...by, mode: 'live' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'transaction_not_found', status: 404 });
    }
  });

  it("does not show one merchant another merchant's transaction", async () => {
    const accepted = await initiate();
    const error = await probe.rpc
      .request(STK_SERVICE, GetTransactionV1.command, { merchant_id: 'mch_someone_else', transaction_id: accepted.transaction_id }, { correlationId: 'test' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'transaction_not_found', status: 404 });
  });
});
