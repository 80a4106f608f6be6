import { createSimulator, RunningSimulator } from '../src/simulator';
import { CallbackReceiver, eventually, getToken, postJson, pushBody, queryBody, startCallbackReceiver } from './sim-test-kit';

const PUSH = '/mpesa/stkpush/v1/processrequest';
const QUERY = '/mpesa/stkpushquery/v1/query';
const PAYER = '254712345678';

describe('daraja-sim STK push (callback delay 0)', () => {
  let sim: RunningSimulator;
  let receiver: CallbackReceiver;
  let token: string;

  beforeAll(async () => {
    receiver = await startCallbackReceiver();
    sim = await createSimulator({ callbackDelayMs: 0 });
    token = await getToken(sim.url);
  });
  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });
  beforeEach(() => {
    sim.reset();
    receiver.received.length = 0;
  });

  const push = (phone: string | number, overrides: Record<string, unknown> = {}, path = '/cb') =>
    postJson(`${sim.url}${PUSH}`, pushBody(phone, `${receiver.url}${path}`, overrides), token);
  const query = (checkoutRequestId: string, overrides: Record<string, unknown> = {}) =>
    postJson(`${sim.url}${QUERY}`, queryBody(checkoutRequestId, overrides), token);
  const callbacksFor = (checkoutRequestId: string) => receiver.received.filter((c) => c.body.Body.stkCallback.CheckoutRequestID === checkoutRequestId);

  it('accepts a push and calls back once with the real success body, header and types', async () => {
    const res = await push(Number(PAYER), { Amount: 150, BusinessShortCode: 174379, PartyB: 174379 }, '/cb/tok_abc123');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      MerchantRequestID: expect.stringMatching(/^[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\d{2,7}$/),
      CheckoutRequestID: expect.stringMatching(/^ws_CO_\d{14}\d{1,3}712345678$/),
      ResponseCode: '0',
      ResponseDescription: 'Success. Request accepted for processing',
      CustomerMessage: 'Success. Request accepted for processing',
    });

    const [callback] = await eventually(() => {
      expect(receiver.received).toHaveLength(1);
      return receiver.received;
    });
    expect(callback.path).toBe('/cb/tok_abc123');
    expect(callback.headers['businessshortcode']).toBe('174379');
    expect(callback.headers['content-type']).toBe('application/json;charset=UTF-8');
    const stk = callback.body.Body.stkCallback;
    expect(stk).toMatchObject({
      MerchantRequestID: res.body.MerchantRequestID,
      CheckoutRequestID: res.body.CheckoutRequestID,
      ResultCode: 0,
      ResultDesc: 'The service request is processed successfully.',
    });
    const items = Object.fromEntries(stk.CallbackMetadata.Item.map((i: { Name: string; Value: unknown }) => [i.Name, i.Value]));
    expect(items.Amount).toBe(150);
    expect(items.PhoneNumber).toBe(254712345678);
    expect(typeof items.TransactionDate).toBe('number');
    expect(String(items.TransactionDate)).toMatch(/^20\d{12}$/);
    expect(items.MpesaReceiptNumber).toMatch(/^[A-Z0-9]{10}$/);
    const eatNow = new Date(Date.now() + 3 * 3600 * 1000);
    expect(items.MpesaReceiptNumber[0]).toBe(String.fromCharCode(64 + eatNow.getUTCFullYear() - 2005));
    expect(items.MpesaReceiptNumber[1]).toBe(String.fromCharCode(65 + eatNow.getUTCMonth()));

    const status = await query(res.body.CheckoutRequestID);
    expect(status.status).toBe(200);
    expect(status.body).toEqual({
      ResponseCode: '0',
      ResponseDescription: 'The service request has been accepted successfully',
      MerchantRequestID: res.body.MerchantRequestID,
      CheckoutRequestID: res.body.CheckoutRequestID,
      ResultCode: '0',
      ResultDesc: 'The service request is processed successfully.',
    });
  });

  it('accepts numeric strings for every numeric field', async () => {
    const res = await push(PAYER, { BusinessShortCode: '174379', Amount: '10', PartyA: PAYER, PartyB: '174379', PhoneNumber: PAYER });
    expect(res.status).toBe(200);
    const [callback] = await eventually(() => {
      expect(callbacksFor(res.body.CheckoutRequestID)).toHaveLength(1);
      return callbacksFor(res.body.CheckoutRequestID);
    });
    expect(callback.body.Body.stkCallback.CallbackMetadata.Item).toContainEqual({ Name: 'Amount', Value: 10 });
  });

  it('lets back-to-back pushes to one phone through when the delay is 0', async () => {
    for (let i = 0; i < 5; i += 1) expect((await push(PAYER)).status).toBe(200);
  });

  it.each([
    ['254700000032', 1032, 'Request cancelled by user'],
    ['254700000037', 1037, 'DS timeout user cannot be reached'],
    ['254708374149', 1037, 'DS timeout user cannot be reached'],
    ['254700001019', 1019, 'Transaction has expired'],
    ['254700000001', 1, 'The balance is insufficient for the transaction.'],
    ['254700002001', 2001, 'The initiator information is invalid.'],
  ])('payer %s ends with ResultCode %d: callback without metadata, query code as a string', async (phone, code, queryDesc) => {
    const res = await push(phone);
    expect(res.status).toBe(200);
    const [callback] = await eventually(() => {
      expect(callbacksFor(res.body.CheckoutRequestID)).toHaveLength(1);
      return callbacksFor(res.body.CheckoutRequestID);
    });
    const stk = callback.body.Body.stkCallback;
    expect(stk.ResultCode).toBe(code);
    expect(Object.keys(stk).sort()).toEqual(['CheckoutRequestID', 'MerchantRequestID', 'ResultCode', 'ResultDesc']);
    const status = await query(res.body.CheckoutRequestID);
    expect(status.body.ResultCode).toBe(String(code));
    expect(status.body.ResultDesc).toBe(queryDesc);
  });

  it('never calls back for 254700000000 and the query stays pending', async () => {
    const lost = await push('254700000000');
    expect(lost.status).toBe(200);
    // Callbacks go out in order: once a later payment's callback is in, the lost one would have been too.
    const later = await push(PAYER);
    await eventually(() => expect(callbacksFor(later.body.CheckoutRequestID)).toHaveLength(1));
    expect(callbacksFor(lost.body.CheckoutRequestID)).toHaveLength(0);
    const status = await query(lost.body.CheckoutRequestID);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ ResultCode: '4999', ResultDesc: 'The transaction is still under processing' });
  });

  it('delivers the callback twice for 254700000002', async () => {
    const res = await push('254700000002');
    const callbacks = await eventually(() => {
      expect(callbacksFor(res.body.CheckoutRequestID)).toHaveLength(2);
      return callbacksFor(res.body.CheckoutRequestID);
    });
    expect(callbacks[0].body).toEqual(callbacks[1].body);
    expect(callbacks[0].body.Body.stkCallback.ResultCode).toBe(0);
  });

  it('answers spike arrest for 254700000500 and creates no payment', async () => {
    const res = await push('254700000500');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ requestId: expect.any(String), errorCode: '500.003.02', errorMessage: 'Error Occurred: Spike Arrest Violation' });
    const later = await push(PAYER);
    await eventually(() => expect(callbacksFor(later.body.CheckoutRequestID)).toHaveLength(1));
    expect(receiver.received).toHaveLength(1);
  });

  it('hangs the push for 254700000504, yet the payment completes and the query shows it', async () => {
    const hung = fetch(`${sim.url}${PUSH}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(pushBody('254700000504', `${receiver.url}/cb`)),
      signal: AbortSignal.timeout(300),
    });
    await expect(hung).rejects.toMatchObject({ name: 'TimeoutError' });
    const [callback] = await eventually(() => {
      expect(receiver.received).toHaveLength(1);
      return receiver.received;
    });
    const checkoutRequestId = callback.body.Body.stkCallback.CheckoutRequestID;
    expect(checkoutRequestId).toMatch(/700000504$/);
    const status = await query(checkoutRequestId);
    expect(status.body.ResultCode).toBe('0');
  });

  it('records which app sent a push, its PartyB and type, and which app queried it', async () => {
    const otherApp = await getToken(sim.url, 'other-app-key', 'other-app-secret');
    const till = { BusinessShortCode: 174379, PartyB: '600111', TransactionType: 'CustomerBuyGoodsOnline' };
    const res = await postJson(`${sim.url}${PUSH}`, pushBody(PAYER, `${receiver.url}/cb`, till), otherApp);
    expect(res.status).toBe(200);
    await query(res.body.CheckoutRequestID);
    expect(sim.transaction(res.body.CheckoutRequestID)).toMatchObject({
      shortcode: '174379',
      partyB: '600111',
      transactionType: 'CustomerBuyGoodsOnline',
      consumerKey: 'other-app-key',
      queries: [{ consumerKey: 'key', shortcode: '174379' }],
    });
  });

  it('answers the push for 254700000555 only after its callback was delivered', async () => {
    const res = await push('254700000555');
    expect(res.status).toBe(200);
    // No waiting: the callback is already home when the push answers.
    expect(callbacksFor(res.body.CheckoutRequestID)).toHaveLength(1);
    expect(callbacksFor(res.body.CheckoutRequestID)[0].body.Body.stkCallback.ResultCode).toBe(0);
    expect((await query(res.body.CheckoutRequestID)).body.ResultCode).toBe('0');
  });

  it.each([
    ['a wrong passkey', { Password: Buffer.from('174379wrongpasskey20260101000000').toString('base64') }, '[MerchantValidate] - Wrong credentials'],
    ['a password built from another timestamp', { Timestamp: '20200101000000' }, '[MerchantValidate] - Wrong credentials'],
    ['an unknown shortcode', { BusinessShortCode: 600000 }, 'Merchant does not exist'],
  ])('refuses %s with 500.001.1001', async (_case, overrides, message) => {
    const res = await push(PAYER, overrides);
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ requestId: expect.any(String), errorCode: '500.001.1001', errorMessage: message });
  });

  it.each([
    ['no token', undefined],
    ['an unknown token', 'notatokenthesimulatorissued0'],
  ])('refuses a push with %s: 404.001.03', async (_case, bearer) => {
    const res = await postJson(`${sim.url}${PUSH}`, pushBody(PAYER, `${receiver.url}/cb`), bearer);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ requestId: expect.any(String), errorCode: '404.001.03', errorMessage: 'Invalid Access Token' });
  });

  it('refuses a revoked token', async () => {
    const own = await getToken(sim.url);
    expect((await postJson(`${sim.url}${QUERY}`, queryBody('ws_CO_x'), own)).status).toBe(500);
    expect((await fetch(`${sim.url}/__sim/tokens/revoke`, { method: 'POST' })).status).toBe(204);
    const res = await postJson(`${sim.url}${QUERY}`, queryBody('ws_CO_x'), own);
    expect(res.status).toBe(404);
    expect(res.body.errorCode).toBe('404.001.03');
    token = await getToken(sim.url);
  });

  it.each<[string, Record<string, unknown>]>([
    ['Amount', { Amount: 1.5 }],
    ['Amount', { Amount: 0 }],
    ['Amount', { Amount: -5 }],
    ['Amount', { Amount: '10.5' }],
    ['Amount', { Amount: 'ten' }],
    ['PhoneNumber', { PhoneNumber: '0712345678' }],
    ['PhoneNumber', { PhoneNumber: '+254712345678' }],
    ['PhoneNumber', { PhoneNumber: 254202222222 }],
    ['PartyA', { PartyA: '255712345678' }],
    ['CallBackURL', { CallBackURL: 'not a url' }],
    ['CallBackURL', { CallBackURL: 'https://Upper.Example.com/cb' }],
    ['Timestamp', { Timestamp: '2026-01-01' }],
    ['Timestamp', { Timestamp: '20261332000000' }],
    ['BusinessShortCode', { BusinessShortCode: '12' }],
    ['TransactionType', { TransactionType: 'Sale' }],
  ])('answers 400.002.02 Invalid %s for %p', async (field, overrides) => {
    const res = await push(PAYER, overrides);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ requestId: expect.any(String), errorCode: '400.002.02', errorMessage: `Bad Request - Invalid ${field}` });
  });

  it('answers 400.002.05 for a body that is not JSON', async () => {
    const res = await postJson(`${sim.url}${PUSH}`, '{"BusinessShortCode": 174379,', token);
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe('400.002.05');
  });

  it('answers 404.001.01 for an unknown path', async () => {
    const res = await postJson(`${sim.url}/mpesa/stkpush/v9/nothing`, {}, token);
    expect(res.status).toBe(404);
    expect(res.body.errorCode).toBe('404.001.01');
  });

  it('answers 500.001.1001 "The transaction does not Exist" for an unknown CheckoutRequestID', async () => {
    const res = await query('ws_CO_01012026000000123712345678');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      requestId: 'ws_CO_01012026000000123712345678',
      errorCode: '500.001.1001',
      errorMessage: 'The transaction does not Exist',
    });
  });

  it('checks the password on queries too', async () => {
    const res = await query('ws_CO_x', { Timestamp: '20200101000000' });
    expect(res.status).toBe(500);
    expect(res.body.errorMessage).toBe('[MerchantValidate] - Wrong credentials');
  });

  it('counts pushes and queries on /__sim/requests', async () => {
    const res = await push(PAYER);
    await query(res.body.CheckoutRequestID);
    const counts = await (await fetch(`${sim.url}/__sim/requests`)).json();
    expect(counts).toMatchObject({ stkPush: 1, stkQuery: 1, callbacks: 1 });
  });
});

describe('daraja-sim STK push with a callback delay', () => {
  let sim: RunningSimulator;
  let receiver: CallbackReceiver;
  let token: string;

  beforeAll(async () => {
    receiver = await startCallbackReceiver();
    sim = await createSimulator({ callbackDelayMs: 400 });
    token = await getToken(sim.url);
  });
  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });

  it('reports 4999 while the prompt is open, locks the subscriber, then shows the final code', async () => {
    const first = await postJson(`${sim.url}${PUSH}`, pushBody(PAYER, `${receiver.url}/cb`), token);
    expect(first.status).toBe(200);

    const pending = await postJson(`${sim.url}${QUERY}`, queryBody(first.body.CheckoutRequestID), token);
    expect(pending.status).toBe(200);
    expect(pending.body).toMatchObject({ ResultCode: '4999', ResultDesc: 'The transaction is still under processing' });
    expect(receiver.received).toHaveLength(0);

    const locked = await postJson(`${sim.url}${PUSH}`, pushBody(PAYER, `${receiver.url}/cb`), token);
    expect(locked.status).toBe(500);
    expect(locked.body).toMatchObject({
      errorCode: '500.001.1001',
      errorMessage: 'Unable to lock subscriber, a transaction is already in process for the current subscriber',
    });

    await eventually(() => expect(receiver.received).toHaveLength(1));
    const done = await postJson(`${sim.url}${QUERY}`, queryBody(first.body.CheckoutRequestID), token);
    expect(done.body.ResultCode).toBe('0');
    // The lock is released with the callback.
    expect((await postJson(`${sim.url}${PUSH}`, pushBody(PAYER, `${receiver.url}/cb`), token)).status).toBe(200);
  });

  it('calls back for 254700000555 before answering its push, whatever the callback delay', async () => {
    const res = await postJson(`${sim.url}${PUSH}`, pushBody('254700000555', `${receiver.url}/cb`), token);
    expect(res.status).toBe(200);
    expect(receiver.received.filter((c) => c.body.Body.stkCallback.CheckoutRequestID === res.body.CheckoutRequestID)).toHaveLength(1);
  });
});
