import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FILTERED_URL_WORDS } from '../src/c2b/c2b-request.validator';
import { createSimulator, RunningSimulator } from '../src/simulator';
import { eventually, getToken, postJson } from './sim-test-kit';

/** A merchant's C2B endpoints: /validate/accept, /validate/reject, /validate/hang (never answers), /confirm. */
async function startC2bReceiver() {
  const received: Array<{ path: string; body: any }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      if (req.url === '/validate/hang') return;
      const answer =
        req.url === '/validate/reject'
          ? { ResultCode: 'C2B00012', ResultDesc: 'Rejected' }
          : req.url === '/validate/accept'
            ? { ResultCode: '0', ResultDesc: 'Accepted', ThirdPartyTransID: 'tp-42' }
            : { ResultCode: 0, ResultDesc: 'Success' };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('daraja-sim C2B', () => {
  let sim: RunningSimulator;
  let receiver: Awaited<ReturnType<typeof startC2bReceiver>>;
  let token: string;
  let nextShortcode = 600100;

  beforeAll(async () => {
    receiver = await startC2bReceiver();
    sim = await createSimulator({ callbackDelayMs: 0 });
    token = await getToken(sim.url);
    await postJson(`${sim.url}/__sim/c2b/settings`, { validationTimeoutMs: 200 });
  });
  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });

  const register = (version: string, body: Record<string, unknown>, auth = token) => postJson(`${sim.url}/mpesa/c2b/${version}/registerurl`, body, auth);
  const registration = (shortcode: string, validation?: string, responseType = 'Completed') => ({
    ShortCode: shortcode,
    ResponseType: responseType,
    ConfirmationURL: `${receiver.url}/confirm`,
    ...(validation ? { ValidationURL: `${receiver.url}/validate/${validation}` } : {}),
  });
  const simulate = (version: string, body: Record<string, unknown>) => postJson(`${sim.url}/mpesa/c2b/${version}/simulate`, body, token);
  const paybill = (shortcode: string, overrides: Record<string, unknown> = {}) => ({
    ShortCode: shortcode,
    CommandID: 'CustomerPayBillOnline',
    Amount: 150,
    Msisdn: 254712345678,
    BillRefNumber: 'ACC-7',
    ...overrides,
  });
  const settled = (id: string) =>
    eventually(async () => {
      const res = await fetch(`${sim.url}/__sim/c2b/payments/${id}`);
      const payment = (await res.json()) as { status: string; validation: unknown };
      expect(payment.status).not.toBe('pending');
      return payment;
    });
  const freshShortcode = () => String((nextShortcode += 1));
  const sentTo = (path: string, transId?: string) => receiver.received.filter((r) => r.path === path && (transId === undefined || r.body.TransID === transId));

  describe('register URL', () => {
    it.each(['v1', 'v2'])('%s answers with the misspelt OriginatorCoversationID', async (version) => {
      const res = await register(version, registration(freshShortcode(), 'accept'));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        OriginatorCoversationID: expect.stringMatching(/^[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\d{2,7}$/),
        ResponseCode: '0',
        ResponseDescription: 'Success',
      });
    });

    it('refuses a second registration of the shortcode until it is deleted', async () => {
      const shortcode = freshShortcode();
      expect((await register('v1', registration(shortcode))).status).toBe(200);
      const again = await register('v2', registration(shortcode));
      expect(again.status).toBe(500);
      expect(again.body).toEqual({ requestId: expect.any(String), errorCode: '500.003.1001', errorMessage: 'Urls are already registered.' });
      await fetch(`${sim.url}/__sim/c2b/registrations/${shortcode}`, { method: 'DELETE' });
      expect((await register('v2', registration(shortcode))).status).toBe(200);
    });

    it.each(FILTERED_URL_WORDS.flatMap((w) => [w, w.toUpperCase()]))('refuses a URL containing "%s"', async (word) => {
      const confirm = await register('v1', { ...registration(freshShortcode()), ConfirmationURL: `${receiver.url}/${word}/confirm` });
      expect(confirm.status).toBe(400);
      expect(confirm.body).toMatchObject({ errorCode: '400.002.02', errorMessage: 'Bad Request - Invalid ConfirmationURL' });
      const validate = await register('v2', { ...registration(freshShortcode()), ValidationURL: `http://x${word}y.example.com/v` });
      expect(validate.body).toMatchObject({ errorCode: '400.002.02', errorMessage: 'Bad Request - Invalid ValidationURL' });
    });

    it.each([
      [{ ShortCode: '12' }, 'ShortCode'],
      [{ ResponseType: 'completed' }, 'ResponseType'],
      [{ ResponseType: undefined }, 'ResponseType'],
      [{ ConfirmationURL: 'not a url' }, 'ConfirmationURL'],
    ])('refuses bad fields %p', async (override, field) => {
      const res = await register('v1', { ...registration(freshShortcode()), ...override });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ errorCode: '400.002.02', errorMessage: `Bad Request - Invalid ${field}` });
    });

    it('refuses a bad token with the C2B code', async () => {
      const res = await register('v1', registration(freshShortcode()), 'nope');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ errorCode: '400.003.01', errorMessage: 'Invalid Access Token' });
    });
  });

  describe('simulate', () => {
    it('v1: validation then confirmation, field by field', async () => {
      const shortcode = freshShortcode();
      await register('v1', registration(shortcode, 'accept'));
      const res = await simulate('v1', paybill(shortcode));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        OriginatorCoversationID: expect.any(String),
        ResponseCode: '0',
        ResponseDescription: 'Accept the service request successfully.',
      });
      expect(await settled(res.body.OriginatorCoversationID)).toMatchObject({ status: 'completed', validation: 'accepted' });
      const [validation] = receiver.received.filter((r) => r.path === '/validate/accept' && r.body.BusinessShortCode === shortcode);
      expect(validation.body).toEqual({
        TransactionType: 'Pay Bill',
        TransID: expect.stringMatching(/^[A-Z][A-L][1-9A-V][A-Z0-9]{7}$/),
        TransTime: expect.stringMatching(/^20\d{12}$/),
        TransAmount: '150.00',
        BusinessShortCode: shortcode,
        BillRefNumber: 'ACC-7',
        InvoiceNumber: '',
        OrgAccountBalance: '',
        ThirdPartyTransID: '',
        MSISDN: '254712345678',
        FirstName: 'JOHN',
        MiddleName: '',
        LastName: 'DOE',
      });
      const confirmations = sentTo('/confirm', validation.body.TransID);
      expect(confirmations).toHaveLength(1);
      expect(confirmations[0].body).toEqual({ ...validation.body, OrgAccountBalance: '150.00', ThirdPartyTransID: 'tp-42' });
    });

    it('v2 registration: masked MSISDN, buy goods without BillRefNumber, balance accumulates', async () => {
      const shortcode = freshShortcode();
      await register('v2', registration(shortcode));
      const first = await simulate('v2', paybill(shortcode, { CommandID: 'CustomerBuyGoodsOnline', BillRefNumber: null, Amount: '10' }));
      await settled(first.body.OriginatorCoversationID);
      const second = await simulate('v2', paybill(shortcode, { CommandID: 'CustomerBuyGoodsOnline', Amount: 5 }));
      expect(await settled(second.body.OriginatorCoversationID)).toMatchObject({ status: 'completed', validation: 'none' });
      const mine = receiver.received.filter((r) => r.path === '/confirm' && r.body.BusinessShortCode === shortcode);
      expect(mine).toHaveLength(2);
      expect(mine[0].body).toMatchObject({ TransactionType: 'Buy Goods', MSISDN: '2547 ***** 678', BillRefNumber: '', TransAmount: '10.00' });
      expect(mine.map((c) => c.body.OrgAccountBalance).sort()).toEqual(['10.00', '15.00']);
    });

    it('a rejected validation sends no confirmation', async () => {
      const shortcode = freshShortcode();
      await register('v1', registration(shortcode, 'reject'));
      const res = await simulate('v1', paybill(shortcode));
      expect(await settled(res.body.OriginatorCoversationID)).toEqual(expect.objectContaining({ status: 'cancelled', validation: { rejected: 'C2B00012' } }));
      expect(receiver.received.filter((r) => r.path === '/validate/reject' && r.body.BusinessShortCode === shortcode)).toHaveLength(1);
      expect(receiver.received.filter((r) => r.path === '/confirm' && r.body.BusinessShortCode === shortcode)).toHaveLength(0);
    });

    it.each([
      ['Completed', 'completed', 1],
      ['Cancelled', 'cancelled', 0],
    ])('a validation timeout falls back to ResponseType %s', async (responseType, status, confirmations) => {
      const shortcode = freshShortcode();
      await register('v1', registration(shortcode, 'hang', responseType));
      const res = await simulate('v1', paybill(shortcode));
      expect(await settled(res.body.OriginatorCoversationID)).toMatchObject({ status, validation: 'timeout' });
      expect(receiver.received.filter((r) => r.path === '/confirm' && r.body.BusinessShortCode === shortcode)).toHaveLength(confirmations);
    });

    it('an unregistered shortcode completes and sends nothing', async () => {
      const shortcode = freshShortcode();
      const res = await simulate('v1', paybill(shortcode));
      expect(res.status).toBe(200);
      expect(await settled(res.body.OriginatorCoversationID)).toMatchObject({ status: 'completed', validation: 'none' });
      expect(receiver.received.filter((r) => r.body.BusinessShortCode === shortcode)).toHaveLength(0);
    });

    it.each([
      [{ CommandID: 'BusinessPayment' }, 'CommandID'],
      [{ Amount: 0 }, 'Amount'],
      [{ Amount: 1.5 }, 'Amount'],
      [{ Msisdn: '0712345678' }, 'Msisdn'],
      [{ ShortCode: 'abc' }, 'ShortCode'],
    ])('refuses bad fields %p', async (override, field) => {
      const res = await simulate('v1', paybill(freshShortcode(), override));
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ errorCode: '400.002.02', errorMessage: `Bad Request - Invalid ${field}` });
    });
  });
});
