import { randomBytes } from 'node:crypto';
import { eventually } from '@lipa/testing';
import { adminSession } from './support/admin';
import { SimControl } from './support/daraja-sim';
import { E2eStack, Merchant, expectStatus, startE2eStack } from './support/lipa-stack';
import { verifiedWebhooks, webhooksFor } from './support/webhooks';

/**
 * Merchants' payment accounts over the whole stack: a paybill or till with the merchant's own Daraja
 * app, saved through api-gateway (which seals the app), routed and opened by stk-service, and seen by
 * daraja-sim as that app's push to that shortcode (apps/stk-service/README.md, "Routing a push").
 * Only HTTP: the gateway, and the simulator's control API (GET /__sim/transactions/{id}).
 */

/** The merchants' own shortcodes, known to the simulator with their passkeys (SIM_SHORTCODES). */
const PAYBILL = { number: '600100', passkey: 'e2e-paybill-passkey', consumerKey: 'e2e-paybill-own-key', consumerSecret: 'e2e-paybill-own-secret' };
const TILL = { number: '600201', storeNumber: '600200', passkey: 'e2e-store-passkey', consumerKey: 'e2e-till-own-key', consumerSecret: 'e2e-till-own-secret' };
/** An own app the simulator refuses at OAuth (SIM_REJECTED_CONSUMER_KEYS), on a shortcode it knows. */
const REJECTED = { number: '600300', passkey: 'e2e-rejected-passkey', consumerKey: 'e2e-rejected-own-key', consumerSecret: 'any-secret' };
/** The platform's test app: set here so the suite can tell it from a merchant's. */
const PLATFORM_CONSUMER_KEY = 'e2e-platform-consumer-key';
const SANDBOX_SHORTCODE = '174379';

jest.setTimeout(60_000);

describe('payment accounts with their own Daraja apps, across all services', () => {
  let e2e: E2eStack;
  let sim: SimControl;
  let admin: Record<string, string>;
  let paybillMerchant: Merchant;
  let tillMerchant: Merchant;
  let plainMerchant: Merchant;
  let rejectedMerchant: Merchant;
  let suspendedMerchant: Merchant;
  let lapsedMerchant: Merchant;
  let phoneSeq = 0;
  /** A payer the simulator answers with success, new for every push: its subscriber lock is never held. */
  const nextPhone = () => `2547123450${String(++phoneSeq).padStart(2, '0')}`;

  beforeAll(async () => {
    e2e = await startE2eStack({
      label: 'e2e_accounts',
      simCallbackDelayMs: 200,
      env: {
        // A key ring of this suite's own, not the development default both services share: a push on an
        // own app completes only if stk-service opens what api-gateway sealed under the ring given to both.
        all: { CREDENTIALS_KEY_RING: `e2e:${randomBytes(32).toString('hex')}` },
        'api-gateway': { ARGON2_MEMORY_KIB: '4096' },
        'stk-service': { DARAJA_TEST_CONSUMER_KEY: PLATFORM_CONSUMER_KEY, DARAJA_TEST_CONSUMER_SECRET: 'e2e-platform-consumer-secret' },
        'daraja-sim': {
          SIM_SHORTCODES: `${PAYBILL.number}:${PAYBILL.passkey},${TILL.storeNumber}:${TILL.passkey},${REJECTED.number}:${REJECTED.passkey}`,
          SIM_REJECTED_CONSUMER_KEYS: REJECTED.consumerKey,
        },
      },
    });
    sim = new SimControl(e2e.stack.urls['daraja-sim']);
    const hook = (name: string) => `${e2e.receiver.url}/webhooks/${name}`;
    [admin, paybillMerchant, tillMerchant, plainMerchant, rejectedMerchant, suspendedMerchant, lapsedMerchant] = await Promise.all([
      adminSession(e2e.api, e2e.database.url),
      e2e.api.onboardMerchant(hook('paybill'), 'paybill'),
      e2e.api.onboardMerchant(hook('till'), 'till'),
      e2e.api.onboardMerchant(hook('plain'), 'plain'),
      e2e.api.onboardMerchant(hook('rejected'), 'rejected'),
      e2e.api.onboardMerchant(hook('suspended'), 'suspended'),
      e2e.api.onboardMerchant(hook('lapsed'), 'lapsed'),
    ]);
  }, 50_000);

  afterAll(async () => {
    await e2e?.stop();
  });

  const push = (merchant: Merchant, body: Record<string, unknown>) => e2e.api.call('POST', '/v1/stk-push', { headers: merchant.auth, body });

  async function saveAccount(merchant: Merchant, body: Record<string, unknown>) {
    const saved = await e2e.api.call('POST', '/v1/payment-accounts', { headers: merchant.auth, body });
    expectStatus(saved, 201);
    return saved.body;
  }

  async function finalTransaction(merchant: Merchant, transactionId: string) {
    return eventually(
      async () => {
        const response = await e2e.api.call('GET', `/v1/transactions/${transactionId}`, { headers: merchant.auth });
        expectStatus(response, 200);
        if (response.body.status === 'pending') throw new Error('still pending');
        return response.body;
      },
      { timeoutMs: 15_000 },
    );
  }

  it('completes a push on a paybill with the merchant’s own Daraja app: that app’s token, the paybill as shortcode and PartyB, a signed webhook', async () => {
    const saved = await saveAccount(paybillMerchant, {
      type: 'paybill',
      number: PAYBILL.number,
      account_reference: 'SHOP',
      consumer_key: PAYBILL.consumerKey,
      consumer_secret: PAYBILL.consumerSecret,
      passkey: PAYBILL.passkey,
    });
    expect(saved).toMatchObject({ payment_id: '#00001', type: 'paybill', number: PAYBILL.number, is_primary: true, daraja_app: { configured: true } });
    // Sealed at rest and never given back: only the last four characters of the key.
    expect(saved.daraja_app.consumer_key).toBe(`****${PAYBILL.consumerKey.slice(-4)}`);
    expect(JSON.stringify(saved)).not.toContain(PAYBILL.consumerSecret);
    expect(JSON.stringify(saved)).not.toContain(PAYBILL.passkey);

    const phone = nextPhone();
    const started = await push(paybillMerchant, { phone, amount: 120, reference: 'ORDER-OWN-1', payment_id: '#00001' });
    expectStatus(started, 201);
    expect(started.body).toMatchObject({ success: true, status: 'pending', payment_id: '#00001' });

    const seen = await sim.push(started.body.checkout_request_id);
    expect(seen).toMatchObject({
      consumerKey: PAYBILL.consumerKey,
      shortcode: PAYBILL.number,
      partyB: PAYBILL.number,
      transactionType: 'CustomerPayBillOnline',
      amount: 120,
      phoneNumber: phone,
    });

    const final = await finalTransaction(paybillMerchant, started.body.transaction_id);
    expect(final).toMatchObject({ status: 'completed', payment_id: '#00001', result_code: '0', amount: 120, phone });
    expect(final.transaction_code).toMatch(/^[A-Z0-9]{10}$/);

    const [webhook] = await eventually(
      () => {
        const requests = e2e.receiver.requests.filter((r) => r.path === '/webhooks/paybill');
        const received = webhooksFor(verifiedWebhooks(requests, paybillMerchant.webhookSecret), started.body.transaction_id);
        expect(received).toHaveLength(1);
        return received;
      },
      { timeoutMs: 15_000 },
    );
    expect(webhook.type).toBe('payment.completed');
    expect(webhook.data).toMatchObject({
      transaction_id: started.body.transaction_id,
      status: 'completed',
      amount: 120,
      phone,
      result_code: '0',
      transaction_code: final.transaction_code,
    });
  });

  it('pushes to a till as CustomerBuyGoodsOnline with the store number as BusinessShortCode and the till as PartyB', async () => {
    const saved = await saveAccount(tillMerchant, {
      type: 'till',
      number: TILL.number,
      store_number: TILL.storeNumber,
      consumer_key: TILL.consumerKey,
      consumer_secret: TILL.consumerSecret,
      passkey: TILL.passkey,
    });
    expect(saved).toMatchObject({ payment_id: '#00001', type: 'till', number: TILL.number, store_number: TILL.storeNumber });

    // No payment_id: the mode's primary account, which the first one is.
    const started = await push(tillMerchant, { phone: nextPhone(), amount: 40, reference: 'TILL-1' });
    expectStatus(started, 201);
    expect(started.body.payment_id).toBe('#00001');
    expect(await sim.push(started.body.checkout_request_id)).toMatchObject({
      consumerKey: TILL.consumerKey,
      shortcode: TILL.storeNumber,
      partyB: TILL.number,
      transactionType: 'CustomerBuyGoodsOnline',
    });
    expect(await finalTransaction(tillMerchant, started.body.transaction_id)).toMatchObject({ status: 'completed', payment_id: '#00001' });
  });

  it('sends a push of a merchant with no payment account to the sandbox shortcode 174379 with the platform’s app', async () => {
    const accounts = await e2e.api.call('GET', '/v1/payment-accounts', { headers: plainMerchant.auth });
    expectStatus(accounts, 200);
    expect(accounts.body.data).toEqual([]);

    const started = await push(plainMerchant, { phone: nextPhone(), amount: 15, reference: 'PLAIN-1' });
    expectStatus(started, 201);
    expect(started.body.payment_id).toBeNull();
    expect(await sim.push(started.body.checkout_request_id)).toMatchObject({
      consumerKey: PLATFORM_CONSUMER_KEY,
      shortcode: SANDBOX_SHORTCODE,
      partyB: SANDBOX_SHORTCODE,
      transactionType: 'CustomerPayBillOnline',
    });
    expect(await finalTransaction(plainMerchant, started.body.transaction_id)).toMatchObject({ status: 'completed', payment_id: null });
  });

  it('answers a push on an own app whose credentials Daraja refuses with 422 daraja_credentials_rejected, and the next merchant’s push still goes through', async () => {
    await saveAccount(rejectedMerchant, {
      type: 'paybill',
      number: REJECTED.number,
      consumer_key: REJECTED.consumerKey,
      consumer_secret: REJECTED.consumerSecret,
      passkey: REJECTED.passkey,
    });
    const before = await sim.requestCounts();
    const refused = await push(rejectedMerchant, { phone: nextPhone(), amount: 10, reference: 'REJ-1', payment_id: '#00001' });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ success: false, error_code: 'daraja_credentials_rejected', request_id: expect.stringMatching(/^req_/) });
    const after = await sim.requestCounts();
    // The token request was refused, so no prompt went out.
    expect(after.oauth).toBeGreaterThan(before.oauth);
    expect(after.stkPush).toBe(before.stkPush);

    // Another merchant's own app, and the platform's app, are not held back by that refusal.
    const ownApp = await push(paybillMerchant, { phone: nextPhone(), amount: 11, reference: 'AFTER-REJ', payment_id: '#00001' });
    expectStatus(ownApp, 201);
    expect((await sim.push(ownApp.body.checkout_request_id)).consumerKey).toBe(PAYBILL.consumerKey);
    const platformApp = await push(plainMerchant, { phone: nextPhone(), amount: 12, reference: 'AFTER-REJ' });
    expectStatus(platformApp, 201);
    expect(await finalTransaction(paybillMerchant, ownApp.body.transaction_id)).toMatchObject({ status: 'completed' });
    expect(await finalTransaction(plainMerchant, platformApp.body.transaction_id)).toMatchObject({ status: 'completed' });
  });

  it('refuses every push of a merchant an admin suspended with 403 merchant_suspended, and no prompt reaches M-Pesa', async () => {
    const allowed = await push(suspendedMerchant, { phone: nextPhone(), amount: 5, reference: 'BEFORE-SUSPEND' });
    expectStatus(allowed, 201);

    const suspended = await e2e.api.call('POST', `/v1/admin/merchants/${suspendedMerchant.merchantId}/suspend`, {
      headers: admin,
      body: { reason: 'e2e: chargebacks under review' },
    });
    expectStatus(suspended, 200);
    expect(suspended.body.status).toBe('suspended');

    const before = await sim.requestCounts();
    const refused = await push(suspendedMerchant, { phone: nextPhone(), amount: 5, reference: 'AFTER-SUSPEND' });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ success: false, error_code: 'merchant_suspended' });
    expect((await sim.requestCounts()).stkPush).toBe(before.stkPush);
  });

  it('refuses a push of a merchant whose subscription an admin set to a past date with 402 subscription_inactive, and no prompt reaches M-Pesa', async () => {
    const allowed = await push(lapsedMerchant, { phone: nextPhone(), amount: 5, reference: 'BEFORE-LAPSE' });
    expectStatus(allowed, 201);

    const lapsed = await e2e.api.call('PUT', `/v1/admin/merchants/${lapsedMerchant.merchantId}/subscription`, {
      headers: admin,
      body: { plan: 'monthly', expires_at: '2020-01-31T23:59:59.000Z' },
    });
    expectStatus(lapsed, 200);
    expect(lapsed.body.subscription).toMatchObject({ status: 'expired', expires_at: '2020-01-31T23:59:59.000Z' });

    const before = await sim.requestCounts();
    const refused = await push(lapsedMerchant, { phone: nextPhone(), amount: 5, reference: 'AFTER-LAPSE' });
    expect(refused.status).toBe(402);
    expect(refused.body).toMatchObject({ success: false, error_code: 'subscription_inactive' });
    expect((await sim.requestCounts()).stkPush).toBe(before.stkPush);
  });
});
