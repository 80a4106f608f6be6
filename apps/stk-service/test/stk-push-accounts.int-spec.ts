import { GetTransactionV1, InitiateStkPushV1, STK_SERVICE, StkPushAccepted, StkPushAccountV1, TransactionView } from '@lipa/contracts';
import { RpcError } from '@lipa/messaging';
import { SecretBox, createServiceApp, loadConfig } from '@lipa/platform';
import {
  EventProbe,
  RecordingServer,
  TestDatabase,
  createTestDatabase,
  deleteQueuesWithPrefix,
  startEventProbe,
  startRecordingServer,
  testPrefix,
} from '@lipa/testing';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { createSimulator, RunningSimulator } from '../../daraja-sim/src/simulator';
import { SANDBOX_PASSKEY } from '../../daraja-sim/src/sim-options';
import { StkServiceConfig } from '../src/config';
import { ReconcileStaleStkJob } from '../src/reconciliation/reconcile-stale-stk.job';
import { DarajaApps } from '../src/stk-push/daraja-apps';
import { definition } from '../src/stk-service.definition';
import { RunningLedger, startLedger } from './ledger';

// Merchants' own Daraja apps, sealed the way api-gateway seals them: the shared key ring, the merchant id as owner.
const box = SecretBox.fromKeyRing(new StkServiceConfig().CREDENTIALS_KEY_RING);
const seal = (merchantId: string, app: object) => box.seal(JSON.stringify(app), merchantId);

const MERCHANT_A = 'mch_accounts_a';
const MERCHANT_B = 'mch_accounts_b';
const MERCHANT_WRONG = 'mch_accounts_wrong';
const APP_A = { consumer_key: 'merchant-a-key', consumer_secret: 'merchant-a-secret-value', passkey: 'paybill-passkey' };
const APP_B = { consumer_key: 'merchant-b-key', consumer_secret: 'merchant-b-secret-value', passkey: 'store-passkey' };

const paybill = (sealed?: string, number = '600100'): StkPushAccountV1 => ({
  payment_id: '#00001',
  kind: 'paybill',
  business_short_code: number,
  party_b: number,
  transaction_type: 'CustomerPayBillOnline',
  ...(sealed ? { daraja_app_sealed: sealed } : {}),
});
const till = (sealed?: string): StkPushAccountV1 => ({
  payment_id: '#00002',
  kind: 'till',
  business_short_code: '600300',
  party_b: '600301',
  transaction_type: 'CustomerBuyGoodsOnline',
  ...(sealed ? { daraja_app_sealed: sealed } : {}),
});

describe('stk-service routing by payment account, with merchants’ own Daraja apps', () => {
  let database: TestDatabase;
  let testSim: RunningSimulator;
  let liveSim: RunningSimulator;
  let callbacks: RecordingServer;
  let app: INestApplication;
  let probe: EventProbe;
  let db: Client;
  const prefix = testPrefix('stkacc');
  let ledger: RunningLedger;

  beforeAll(async () => {
    database = await createTestDatabase('stk_accounts');
    callbacks = await startRecordingServer();
    // The sandbox-like backend knows the merchants' shortcodes; 600200 is a paybill on the platform's app.
    testSim = await createSimulator({
      callbackDelayMs: 0,
      shortcodes: { '600100': APP_A.passkey, '600200': SANDBOX_PASSKEY, '600300': APP_B.passkey },
      rejectedConsumerKeys: ['wrong-merchant-key'],
    });
    liveSim = await createSimulator({ callbackDelayMs: 0, shortcodes: { '600100': APP_A.passkey, '600900': 'live-platform-passkey' } });
    probe = await startEventProbe({ databaseUrl: database.url, amqpPrefix: prefix, eventTypes: [] });
    const config = loadConfig(StkServiceConfig, {
      DATABASE_URL: database.url,
      AMQP_PREFIX: prefix,
      REDIS_KEY_PREFIX: prefix,
      LOG_LEVEL: 'silent',
      DARAJA_TEST_BASE_URL: testSim.url,
      DARAJA_TEST_CONSUMER_KEY: 'platform-test-key',
      DARAJA_LIVE_BASE_URL: liveSim.url,
      DARAJA_LIVE_CONSUMER_KEY: 'platform-live-key',
      DARAJA_LIVE_CONSUMER_SECRET: 'platform-live-secret',
      DARAJA_LIVE_SHORTCODE: '600900',
      DARAJA_LIVE_PASSKEY: 'live-platform-passkey',
      DARAJA_TIMEOUT_MS: '2000',
      CALLBACK_BASE_URL: `${callbacks.url}/cb`,
      STK_RECONCILE_AFTER_MS: '1000',
      STK_RECONCILE_INTERVAL_MS: '3600000',
    });
    ledger = await startLedger('stkacc_ledger', prefix);
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
    await testSim?.close();
    await liveSim?.close();
    await callbacks?.close();
    await database?.drop();
    await deleteQueuesWithPrefix(prefix);
  });

  let phoneSeq = 0;
  const initiate = (merchantId: string, overrides: Partial<InitiateStkPushV1> = {}) =>
    probe.rpc.request<StkPushAccepted>(
      STK_SERVICE,
      InitiateStkPushV1.command,
      // A fresh payer each time: the simulator locks a payer while a prompt is open.
      {
        merchant_id: merchantId,
        mode: 'test',
        phone: `2547120${String((phoneSeq += 1)).padStart(5, '0')}`,
        amount_minor: '10000',
        reference: 'INV-1',
        ...overrides,
      },
      { correlationId: 'test' },
    );
  const get = (merchantId: string, query: Partial<GetTransactionV1>) =>
    probe.rpc.request<TransactionView>(STK_SERVICE, GetTransactionV1.command, { merchant_id: merchantId, ...query }, { correlationId: 'test' });
  const row = async (id: string) => (await db.query(`SELECT * FROM stk.stk_transactions WHERE id = $1`, [id])).rows[0];
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: unknown) => error,
    );

  it("sends a push to a paybill through the account's own app, with its passkey, and keeps the app sealed on the row", async () => {
    const sealed = seal(MERCHANT_A, APP_A);
    const accepted = await initiate(MERCHANT_A, { account: paybill(sealed) });
    expect(accepted.status).toBe('pending');
    expect(testSim.transaction(accepted.checkout_request_id)).toMatchObject({
      shortcode: '600100',
      partyB: '600100',
      transactionType: 'CustomerPayBillOnline',
      consumerKey: 'merchant-a-key',
    });
    // Test mode never reaches the live backend, even with the merchant's own app.
    expect(liveSim.transaction(accepted.checkout_request_id)).toBeUndefined();

    const stored = await row(accepted.transaction_id);
    expect(stored).toMatchObject({
      payment_id: '#00001',
      business_short_code: '600100',
      party_b: '600100',
      transaction_type: 'CustomerPayBillOnline',
      daraja_app_sealed: sealed,
    });
    expect(JSON.stringify(stored)).not.toContain(APP_A.consumer_secret);
    expect(JSON.stringify(stored)).not.toContain(APP_A.passkey);
    await expect(get(MERCHANT_A, { transaction_id: accepted.transaction_id })).resolves.toMatchObject({ payment_id: '#00001' });
  });

  it('sends a push to a till with the store number as BusinessShortCode and the till as PartyB', async () => {
    const accepted = await initiate(MERCHANT_B, { account: till(seal(MERCHANT_B, APP_B)) });
    expect(testSim.transaction(accepted.checkout_request_id)).toMatchObject({
      shortcode: '600300',
      partyB: '600301',
      transactionType: 'CustomerBuyGoodsOnline',
      consumerKey: 'merchant-b-key',
    });
    expect(await row(accepted.transaction_id)).toMatchObject({ payment_id: '#00002', business_short_code: '600300', party_b: '600301' });
  });

  it("sends a push to an account without its own app through the platform's test app and passkey", async () => {
    const accepted = await initiate(MERCHANT_A, { account: paybill(undefined, '600200') });
    expect(testSim.transaction(accepted.checkout_request_id)).toMatchObject({ shortcode: '600200', partyB: '600200', consumerKey: 'platform-test-key' });
    expect(await row(accepted.transaction_id)).toMatchObject({ payment_id: '#00001', daraja_app_sealed: null });
  });

  it("sends a push to an account that brings only its shortcode's passkey through the platform's app, with that passkey", async () => {
    // 600100's passkey is APP_A's: a wrong passkey would fail the simulator's password check.
    const accepted = await initiate(MERCHANT_A, { account: paybill(seal(MERCHANT_A, { passkey: APP_A.passkey })) });
    expect(accepted.status).toBe('pending');
    expect(testSim.transaction(accepted.checkout_request_id)).toMatchObject({ shortcode: '600100', consumerKey: 'platform-test-key' });
  });

  it('sends a push without an account to the sandbox paybill 174379 in test mode', async () => {
    const accepted = await initiate(MERCHANT_A);
    expect(testSim.transaction(accepted.checkout_request_id)).toMatchObject({ shortcode: '174379', partyB: '174379', consumerKey: 'platform-test-key' });
    await expect(get(MERCHANT_A, { transaction_id: accepted.transaction_id })).resolves.toMatchObject({ payment_id: null });
  });

  it("sends live pushes to the live backend, through the platform's live app or the merchant's own", async () => {
    const platform = await initiate(MERCHANT_A, { mode: 'live' });
    expect(liveSim.transaction(platform.checkout_request_id)).toMatchObject({ shortcode: '600900', consumerKey: 'platform-live-key' });
    const own = await initiate(MERCHANT_A, { mode: 'live', account: paybill(seal(MERCHANT_A, APP_A)) });
    expect(liveSim.transaction(own.checkout_request_id)).toMatchObject({ shortcode: '600100', consumerKey: 'merchant-a-key' });
    expect(testSim.transaction(own.checkout_request_id)).toBeUndefined();
  });

  it('queries a stale payment through the app and with the shortcode its push used', async () => {
    // 254700000000 never calls back, so reconciliation has to ask.
    const viaPaybill = await initiate(MERCHANT_A, { phone: '254700000000', account: paybill(seal(MERCHANT_A, APP_A)) });
    const viaTill = await initiate(MERCHANT_B, { phone: '254700000000', account: till(seal(MERCHANT_B, APP_B)) });
    await app.get(ReconcileStaleStkJob).tick(new Date(Date.now() + 5_000));
    expect(testSim.transaction(viaPaybill.checkout_request_id)?.queries).toEqual([{ consumerKey: 'merchant-a-key', shortcode: '600100' }]);
    expect(testSim.transaction(viaTill.checkout_request_id)?.queries).toEqual([{ consumerKey: 'merchant-b-key', shortcode: '600300' }]);
  });

  it("refuses a merchant's wrong consumer credentials with a 4xx until its breaker opens, while other merchants' and the platform's pushes go on", async () => {
    const wrongApp = seal(MERCHANT_WRONG, { consumer_key: 'wrong-merchant-key', consumer_secret: 'wrong-secret' });
    const goodApp = seal(MERCHANT_A, APP_A);
    const apps = app.get(DarajaApps);
    for (let attempt = 1; attempt <= 6; attempt += 1) {
      const oauthBefore = testSim.requestCounts().oauth;
      const error = await failure(initiate(MERCHANT_WRONG, { account: paybill(wrongApp) }));
      expect(error).toBeInstanceOf(RpcError);
      expect(error).toMatchObject({ code: 'daraja_credentials_rejected', status: 422 });
      // Five refusals open that app's OAuth breaker (volume 5, 50 %): the sixth is answered without asking Daraja.
      expect(testSim.requestCounts().oauth - oauthBefore).toBe(attempt <= 5 ? 1 : 0);

      await expect(initiate(MERCHANT_A, { account: paybill(goodApp) })).resolves.toMatchObject({ status: 'pending' });
      await expect(initiate(MERCHANT_B)).resolves.toMatchObject({ status: 'pending' });
    }
    expect(apps.app('test', MERCHANT_WRONG, wrongApp).client.isBreakerOpen('oauth', '-')).toBe(true);
    expect(apps.app('test', MERCHANT_A, goodApp).client.isBreakerOpen('oauth', '-')).toBe(false);
    expect(apps.platformClient('test').isBreakerOpen('oauth', '-')).toBe(false);
    expect(apps.platformClient('test').isBreakerOpen('stkPush', '174379')).toBe(false);
    const { rows } = await db.query(`SELECT status, result_code FROM stk.stk_transactions WHERE merchant_id = $1`, [MERCHANT_WRONG]);
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.status === 'failed' && r.result_code === '400.008.01')).toBe(true);
  });

  it('refuses an app sealed for another merchant before writing or sending anything', async () => {
    const pushesBefore = testSim.requestCounts().stkPush;
    const error = await failure(initiate('mch_accounts_thief', { account: paybill(seal(MERCHANT_A, APP_A)) }));
    expect(error).toMatchObject({ code: 'daraja_app_unreadable' });
    expect(testSim.requestCounts().stkPush).toBe(pushesBefore);
    const { rows } = await db.query(`SELECT 1 FROM stk.stk_transactions WHERE merchant_id = 'mch_accounts_thief'`);
    expect(rows).toHaveLength(0);
  });

  it('refuses an account whose type contradicts its kind, before writing anything', async () => {
    const error = await failure(initiate(MERCHANT_A, { reference: 'MISMATCH', account: { ...paybill(), transaction_type: 'CustomerBuyGoodsOnline' } }));
    expect(error).toMatchObject({ code: 'validation_error', status: 400 });
    const { rows } = await db.query(`SELECT 1 FROM stk.stk_transactions WHERE reference = 'MISMATCH'`);
    expect(rows).toHaveLength(0);
  });
});
