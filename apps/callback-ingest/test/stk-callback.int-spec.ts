import { StkCallbackReceivedV1 } from '@lipa/contracts';
import { createServiceApp, loadConfig, signCallbackToken } from '@lipa/platform';
import { EventProbe, TestDatabase, createTestDatabase, deleteQueuesWithPrefix, eventually, startEventProbe, testPrefix } from '@lipa/testing';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { definition } from '../src/callback-ingest.definition';
import { CallbackIngestConfig } from '../src/config';

const SECRET = 'callback-ingest-test-secret-0123456789';

function successCallback(checkoutRequestId: string) {
  return {
    Body: {
      stkCallback: {
        MerchantRequestID: '2654-4b64-97ff-b827b542881d3130',
        CheckoutRequestID: checkoutRequestId,
        ResultCode: 0,
        ResultDesc: 'The service request is processed successfully.',
        CallbackMetadata: {
          Item: [
            { Name: 'Amount', Value: 1.0 },
            { Name: 'MpesaReceiptNumber', Value: 'UJ22T8IYOU' },
            { Name: 'Balance' },
            { Name: 'TransactionDate', Value: 20261002102115 },
            { Name: 'PhoneNumber', Value: 254708374149 },
          ],
        },
      },
    },
  };
}

describe('callback-ingest: STK callbacks from Safaricom', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let probe: EventProbe;
  let url: string;
  let db: Client;
  const prefix = testPrefix('cbi');

  async function start(overrides: Record<string, string> = {}): Promise<INestApplication> {
    const config = loadConfig(CallbackIngestConfig, {
      DATABASE_URL: database.url,
      AMQP_PREFIX: prefix,
      REDIS_KEY_PREFIX: prefix,
      LOG_LEVEL: 'warn',
      CALLBACK_TOKEN_SECRET: SECRET,
      ...overrides,
    });
    const started = await createServiceApp(definition, config);
    await started.listen(0, '127.0.0.1');
    return started;
  }

  beforeAll(async () => {
    database = await createTestDatabase('callback_ingest');
    probe = await startEventProbe({ databaseUrl: database.url, amqpPrefix: prefix, eventTypes: [StkCallbackReceivedV1.type] });
    app = await start();
    url = await app.getUrl();
    db = new Client({ connectionString: database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await app?.close();
    await probe?.close();
    await database?.drop();
    await deleteQueuesWithPrefix(prefix);
  });

  const post = (base: string, token: string, body: unknown) =>
    fetch(`${base}/callbacks/stk/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json;charset=UTF-8', businessshortcode: '174379' },
      body: JSON.stringify(body),
    });

  it('stores the raw body, answers Safaricom at once and publishes the parsed callback', async () => {
    const token = signCallbackToken(SECRET, 'stk', 'txn_first');
    const body = successCallback('ws_CO_02102026102115123708374149');
    const response = await post(url, token, body);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ResultCode: 0, ResultDesc: 'Accepted' });

    const event = await eventually(() => {
      const [received] = probe.ofType(StkCallbackReceivedV1.type).filter((e) => (e.payload as StkCallbackReceivedV1).transaction_id === 'txn_first');
      expect(received).toBeDefined();
      return received;
    });
    expect(event.payload).toMatchObject({
      transaction_id: 'txn_first',
      checkout_request_id: 'ws_CO_02102026102115123708374149',
      result_code: '0',
      mpesa_receipt_number: 'UJ22T8IYOU',
      amount: 1,
      transaction_date: '20261002102115',
      phone_number: '254708374149',
    });
    const { rows } = await db.query(`SELECT body, outcome, headers FROM callbacks.raw_callbacks WHERE subject_id = 'txn_first'`);
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0].body)).toEqual(body);
    expect(rows[0].outcome).toBe('accepted');
    expect(rows[0].headers.businessshortcode).toBe('174379');
  });

  it('keeps a repeated callback but publishes it only once', async () => {
    const token = signCallbackToken(SECRET, 'stk', 'txn_twice');
    const body = successCallback('ws_CO_02102026102115999708374149');
    const answers = await Promise.all([post(url, token, body), post(url, token, body), post(url, token, body)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    await eventually(() =>
      expect(probe.ofType(StkCallbackReceivedV1.type).filter((e) => (e.payload as StkCallbackReceivedV1).transaction_id === 'txn_twice')).toHaveLength(1),
    );
    const { rows } = await db.query(`SELECT outcome FROM callbacks.raw_callbacks WHERE subject_id = 'txn_twice' ORDER BY outcome`);
    expect(rows.map((r) => r.outcome)).toEqual(['accepted', 'duplicate', 'duplicate']);
    // Still exactly one after the relay has had every chance to publish more.
    const { rows: pending } = await db.query(`SELECT count(*)::int AS n FROM callbacks.outbox WHERE published_at IS NULL`);
    expect(pending[0].n).toBe(0);
    expect(probe.ofType(StkCallbackReceivedV1.type).filter((e) => (e.payload as StkCallbackReceivedV1).transaction_id === 'txn_twice')).toHaveLength(1);
  });

  it.each([
    ['no token', 'txn_forged'],
    ['a forged token', 'txn_forged.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['a token for another id', signCallbackToken(SECRET, 'stk', 'txn_other').replace('txn_other', 'txn_forged')],
  ])('refuses a callback with %s, keeps it for forensics and publishes nothing', async (_label, token) => {
    const response = await post(url, token, successCallback(`ws_CO_forged_${Math.random()}`));
    expect(response.status).toBe(404);
    const { rows } = await db.query(`SELECT outcome FROM callbacks.raw_callbacks WHERE path_token = $1`, [token]);
    expect(rows.map((r) => r.outcome)).toContain('rejected_token');
    expect(probe.ofType(StkCallbackReceivedV1.type).some((e) => (e.payload as StkCallbackReceivedV1).transaction_id === 'txn_forged')).toBe(false);
  });

  it('stores a body that is not an STK callback and answers 200 without publishing', async () => {
    const token = signCallbackToken(SECRET, 'stk', 'txn_garbage');
    const response = await post(url, token, { hello: 'world' });
    expect(response.status).toBe(200);
    const { rows } = await db.query(`SELECT outcome FROM callbacks.raw_callbacks WHERE subject_id = 'txn_garbage'`);
    expect(rows.map((r) => r.outcome)).toEqual(['unparsable']);
  });

  it('stores a body that is not even JSON, as received, and still answers Safaricom 200', async () => {
    const token = signCallbackToken(SECRET, 'stk', 'txn_not_json');
    const response = await fetch(`${url}/callbacks/stk/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"Body": {"stkCallback": ',
    });
    expect(response.status).toBe(200);
    const { rows } = await db.query(`SELECT outcome, body FROM callbacks.raw_callbacks WHERE subject_id = 'txn_not_json'`);
    expect(rows).toEqual([{ outcome: 'unparsable', body: '{"Body": {"stkCallback": ' }]);
  });

  it('refuses sources outside the allowlist when one is configured', async () => {
    const strict = await start({ CALLBACK_ALLOWED_IPS: '196.201.214.200,196.201.212.69' });
    try {
      const token = signCallbackToken(SECRET, 'stk', 'txn_wrong_source');
      const response = await post(await strict.getUrl(), token, successCallback('ws_CO_02102026102115777708374149'));
      expect(response.status).toBe(403);
      const { rows } = await db.query(`SELECT outcome FROM callbacks.raw_callbacks WHERE subject_id = 'txn_wrong_source'`);
      expect(rows.map((r) => r.outcome)).toEqual(['rejected_source']);
    } finally {
      await strict.close();
    }
  });

  it('reports ready with its database, Redis and broker', async () => {
    const response = await fetch(`${url}/health/ready`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { details: Record<string, { status: string }> };
    expect(Object.keys(body.details).sort()).toEqual(['broker', 'database', 'redis']);
  });
});
