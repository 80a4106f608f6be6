import { darajaTimestamp, stkPassword } from '@lipa/daraja';
import { createSimulator, RunningSimulator } from '../src/simulator';
import { CallbackReceiver, eventually, getToken, postJson, pushBody, queryBody, startCallbackReceiver } from './sim-test-kit';

const PUSH = '/mpesa/stkpush/v1/processrequest';
const QUERY = '/mpesa/stkpushquery/v1/query';
const STORE = '600300';
const STORE_PASSKEY = 'store-passkey';

/**
 * GET /__sim/transactions/{CheckoutRequestID}: what a test running the simulator as its own process
 * (apps/e2e) can see of a push, which the in-process `sim.transaction(id)` shows to the others.
 */
describe('daraja-sim control: a push as the simulator saw it', () => {
  let sim: RunningSimulator;
  let receiver: CallbackReceiver;

  beforeAll(async () => {
    receiver = await startCallbackReceiver();
    sim = await createSimulator({ callbackDelayMs: 0, shortcodes: { [STORE]: STORE_PASSKEY } });
  });
  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });

  const transaction = async (checkoutRequestId: string) => {
    const res = await fetch(`${sim.url}/__sim/transactions/${encodeURIComponent(checkoutRequestId)}`);
    return { status: res.status, body: (await res.json()) as any };
  };

  it('names the app whose token pushed (and queried), the shortcode, PartyB and type, and the outcome once settled', async () => {
    const merchantToken = await getToken(sim.url, 'merchant-own-key', 'merchant-own-secret');
    const timestamp = darajaTimestamp();
    const pushed = await postJson(
      `${sim.url}${PUSH}`,
      pushBody('254712300001', `${receiver.url}/cb/secret-token-abc`, {
        BusinessShortCode: STORE,
        Password: stkPassword(STORE, STORE_PASSKEY, timestamp),
        Timestamp: timestamp,
        TransactionType: 'CustomerBuyGoodsOnline',
        PartyB: '600301',
        Amount: 25,
      }),
      merchantToken,
    );
    expect(pushed.status).toBe(200);
    const id = pushed.body.CheckoutRequestID as string;
    await eventually(() => expect(receiver.received).toHaveLength(1));

    const platformToken = await getToken(sim.url, 'platform-key', 'platform-secret');
    const queryTimestamp = darajaTimestamp();
    const queried = await postJson(
      `${sim.url}${QUERY}`,
      queryBody(id, { BusinessShortCode: STORE, Password: stkPassword(STORE, STORE_PASSKEY, queryTimestamp), Timestamp: queryTimestamp }),
      platformToken,
    );
    expect(queried.status).toBe(200);

    const seen = await transaction(id);
    expect(seen.status).toBe(200);
    expect(seen.body).toEqual({
      merchantRequestId: pushed.body.MerchantRequestID,
      checkoutRequestId: id,
      shortcode: STORE,
      partyB: '600301',
      transactionType: 'CustomerBuyGoodsOnline',
      consumerKey: 'merchant-own-key',
      queries: [{ consumerKey: 'platform-key', shortcode: STORE }],
      amount: 25,
      phoneNumber: '254712300001',
      resultCode: 0,
      receipt: expect.stringMatching(/^[A-Z0-9]{10}$/),
      transactionDate: expect.any(Number),
    });
    // The callback URL carries the payment's callback token: never shown.
    expect(JSON.stringify(seen.body)).not.toContain('secret-token-abc');
  });

  it('answers an unknown or forgotten CheckoutRequestID with 404 in Daraja’s error envelope', async () => {
    const token = await getToken(sim.url);
    const pushed = await postJson(`${sim.url}${PUSH}`, pushBody('254712300002', `${receiver.url}/cb`), token);
    expect((await transaction(pushed.body.CheckoutRequestID)).status).toBe(200);

    sim.reset();
    const forgotten = await transaction(pushed.body.CheckoutRequestID);
    expect(forgotten.status).toBe(404);
    expect(forgotten.body).toEqual({ requestId: expect.any(String), errorCode: '404.001.01', errorMessage: 'Resource not found' });
    expect((await transaction('ws_CO_000000000000000000000')).status).toBe(404);
  });

  it('is read-only: a POST to it is not a route, and reading it counts as no Daraja request', async () => {
    const before = sim.requestCounts();
    const res = await fetch(`${sim.url}/__sim/transactions/ws_CO_1`, { method: 'POST' });
    expect(res.status).toBe(404);
    await transaction('ws_CO_1');
    expect(sim.requestCounts()).toEqual(before);
  });
});
