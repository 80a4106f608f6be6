import { InitiateStkPushV1, PaymentCompletedV1, STK_SERVICE, StkCallbackReceivedV1, StkPushAccepted } from '@lipa/contracts';
import { Topology } from '@lipa/messaging';
import { createServiceApp, loadConfig } from '@lipa/platform';
import { EventProbe, TestDatabase, createTestDatabase, deleteQueuesWithPrefix, eventually, infra, startEventProbe, testPrefix } from '@lipa/testing';
import type { INestApplication } from '@nestjs/common';
import amqp from 'amqplib';
import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { createSimulator, RunningSimulator } from '../../daraja-sim/src/simulator';
import { StkServiceConfig } from '../src/config';
import { definition } from '../src/stk-service.definition';
import { RunningLedger, startLedger } from './ledger';

const MERCHANT = 'mch_stk_races';
/** daraja-sim's slow-answer number: its callback is delivered before the push is answered. */
const SLOW_ANSWER_PHONE = '254700000555';

/**
 * Stands in for callback-ingest: turns each callback into stk.callback.received (the transaction id from the
 * token in the path) and answers Safaricom only once stk-service has settled the payment, and `hold` allows.
 */
async function startCallbackForwarder(probe: EventProbe, db: Client) {
  let hold: Promise<void> = Promise.resolve();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const stk = JSON.parse(Buffer.concat(chunks).toString('utf8')).Body.stkCallback;
        const transactionId = /\/callbacks\/stk\/(txn_[A-Za-z0-9]+)\./.exec(req.url ?? '')?.[1] as string;
        const receipt = stk.CallbackMetadata?.Item.find((i: { Name: string }) => i.Name === 'MpesaReceiptNumber')?.Value;
        const event: StkCallbackReceivedV1 = {
          callback_id: randomUUID(),
          transaction_id: transactionId,
          checkout_request_id: stk.CheckoutRequestID,
          merchant_request_id: stk.MerchantRequestID,
          result_code: String(stk.ResultCode),
          result_desc: stk.ResultDesc,
          ...(receipt ? { mpesa_receipt_number: receipt } : {}),
        };
        await probe.publish(StkCallbackReceivedV1.type, event);
        await eventually(async () => {
          const { rows } = await db.query(`SELECT status FROM stk.stk_transactions WHERE id = $1`, [transactionId]);
          expect(['completed', 'failed', 'cancelled', 'timeout']).toContain(rows[0]?.status);
        });
        await hold;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ResultCode":0,"ResultDesc":"Accepted"}');
      })().catch(() => res.writeHead(500).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    holdUntil: (released: Promise<void>) => {
      hold = released;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('stk-service when deliveries and answers race', () => {
  let database: TestDatabase;
  let sim: RunningSimulator;
  let forwarder: Awaited<ReturnType<typeof startCallbackForwarder>>;
  let app: INestApplication;
  let probe: EventProbe;
  let db: Client;
  const prefix = testPrefix('stkrace');
  let ledger: RunningLedger;

  beforeAll(async () => {
    database = await createTestDatabase('stk_races');
    sim = await createSimulator({ callbackDelayMs: 0, slowAnswerMs: 200 });
    probe = await startEventProbe({ databaseUrl: database.url, amqpPrefix: prefix, eventTypes: [PaymentCompletedV1.type] });
    db = new Client({ connectionString: database.url });
    await db.connect();
    forwarder = await startCallbackForwarder(probe, db);
    const config = loadConfig(StkServiceConfig, {
      DATABASE_URL: database.url,
      AMQP_PREFIX: prefix,
      REDIS_KEY_PREFIX: prefix,
      LOG_LEVEL: 'warn',
      DARAJA_TEST_BASE_URL: sim.url,
      DARAJA_TIMEOUT_MS: '1000',
      CALLBACK_BASE_URL: `${forwarder.url}/cb`,
      STK_RECONCILE_INTERVAL_MS: '3600000',
    });
    ledger = await startLedger('stkrace_ledger', prefix);
    app = await createServiceApp(definition, config);
    await app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    await ledger?.close();
    await probe?.close();
    await sim?.close();
    await forwarder?.close();
    await db?.end();
    await database?.drop();
    await deleteQueuesWithPrefix(prefix);
  });

  const command = (overrides: Partial<InitiateStkPushV1> = {}): InitiateStkPushV1 => ({
    merchant_id: MERCHANT,
    mode: 'test',
    phone: '254712340000',
    amount_minor: '5000',
    reference: 'RACE',
    ...overrides,
  });
  const initiate = (overrides: Partial<InitiateStkPushV1> = {}) =>
    probe.rpc.request<StkPushAccepted>(STK_SERVICE, InitiateStkPushV1.command, command(overrides), { correlationId: 'test' });
  const completedEvents = (transactionId: string) =>
    probe.ofType(PaymentCompletedV1.type).filter((e) => (e.payload as PaymentCompletedV1).transaction_id === transactionId);

  it("answers a push whose callback came home before Daraja's answer with its settled state, and keeps it settled", async () => {
    const accepted = await initiate({ phone: SLOW_ANSWER_PHONE, reference: 'SLOW-1' });
    expect(accepted).toMatchObject({ status: 'completed', checkout_request_id: expect.stringMatching(/^ws_CO_/) });
    const { rows } = await db.query(`SELECT status, checkout_request_id, transaction_code FROM stk.stk_transactions WHERE id = $1`, [accepted.transaction_id]);
    expect(rows[0]).toMatchObject({ status: 'completed', checkout_request_id: accepted.checkout_request_id, transaction_code: expect.any(String) });
    await eventually(() => expect(completedEvents(accepted.transaction_id)).toHaveLength(1));
    // Settled before its acceptance was recorded: payment.completed says it all, no payment.initiated.
    const initiated = await db.query(`SELECT count(*)::int AS n FROM stk.outbox WHERE type = 'payment.initiated' AND payload->>'transaction_id' = $1`, [
      accepted.transaction_id,
    ]);
    expect(initiated.rows[0].n).toBe(0);
  });

  it('answers with the settled state, not a 5xx, when Daraja answers only after the push timed out', async () => {
    let release = () => undefined as void;
    // The simulator answers the push only once the callback was answered: held past stk-service's 1 s timeout.
    forwarder.holdUntil(new Promise<void>((resolve) => (release = resolve)));
    try {
      const accepted = await initiate({ phone: SLOW_ANSWER_PHONE, reference: 'SLOW-2' });
      expect(accepted).toMatchObject({ status: 'completed', checkout_request_id: expect.stringMatching(/^ws_CO_/) });
      const { rows } = await db.query(`SELECT status FROM stk.stk_transactions WHERE id = $1`, [accepted.transaction_id]);
      expect(rows[0].status).toBe('completed');
      await eventually(() => expect(completedEvents(accepted.transaction_id)).toHaveLength(1));
    } finally {
      release();
      forwarder.holdUntil(Promise.resolve());
    }
  });

  it('sends one prompt when the same stk.push.initiate without an idempotency key is delivered twice', async () => {
    // A redelivery after a crash is the same envelope again: same message id, same payload.
    const connection = await amqp.connect(infra.amqpUrl);
    try {
      const channel = await connection.createChannel();
      const { queue: replyTo } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
      const replies: Array<{ ok: boolean; result?: StkPushAccepted }> = [];
      await channel.consume(replyTo, (msg) => msg && replies.push(JSON.parse(msg.content.toString('utf8'))), { noAck: true });
      const envelopeId = randomUUID();
      const deliver = () =>
        channel.publish(new Topology(prefix).commandsExchange, STK_SERVICE, Buffer.from(JSON.stringify(command({ reference: 'REDELIVERED' }))), {
          messageId: envelopeId,
          type: InitiateStkPushV1.command,
          correlationId: 'redelivery',
          contentType: 'application/json',
          persistent: true,
          replyTo,
          headers: { version: 1, occurred_at: new Date().toISOString() },
        });
      const pushesBefore = sim.requestCounts().stkPush;

      deliver();
      await eventually(() => expect(replies).toHaveLength(1));
      deliver();
      await eventually(() => expect(replies).toHaveLength(2));

      expect(replies.map((r) => r.ok)).toEqual([true, true]);
      expect(replies[1].result?.transaction_id).toBe(replies[0].result?.transaction_id);
      expect(replies[1].result?.checkout_request_id).toBe(replies[0].result?.checkout_request_id);
      expect(sim.requestCounts().stkPush).toBe(pushesBefore + 1);
      const { rows } = await db.query(`SELECT id, command_id FROM stk.stk_transactions WHERE reference = 'REDELIVERED'`);
      expect(rows).toEqual([{ id: replies[0].result?.transaction_id, command_id: envelopeId }]);
    } finally {
      await connection.close();
    }
  });
});
