// The Daraja client of @lipa/daraja against the simulator: the simulator is the contract the client is held to.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import Redis from 'ioredis';
import {
  darajaTimestamp,
  DarajaClient,
  DarajaClientOptions,
  DarajaCredentialsRejectedError,
  DarajaOutcomeUnknownError,
  DarajaRejectedError,
  DarajaUnavailableError,
  StkPushRequest,
  stkPassword,
} from '@lipa/daraja';
// The real simulator, in-process: this suite proves the client against Daraja's wire behaviour.
import { createSimulator, RunningSimulator } from '../src/simulator';

const SHORTCODE = '174379';
const PASSKEY = 'bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919';
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

function pushRequest(phone: string, overrides: Partial<StkPushRequest> = {}): StkPushRequest {
  const timestamp = darajaTimestamp();
  return {
    BusinessShortCode: SHORTCODE,
    Password: stkPassword(SHORTCODE, PASSKEY, timestamp),
    Timestamp: timestamp,
    TransactionType: 'CustomerPayBillOnline',
    Amount: 1,
    PartyA: phone,
    PartyB: SHORTCODE,
    PhoneNumber: phone,
    // Nobody listens here; callback delivery failures are the simulator's business, not the client's.
    CallBackURL: 'http://127.0.0.1:9/callback',
    AccountReference: 'INV-1',
    TransactionDesc: 'Test',
    ...overrides,
  };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('DarajaClient against daraja-sim and real Redis', () => {
  let sim: RunningSimulator;
  let redis: Redis;
  let keyPrefix: string;
  const clients: DarajaClient[] = [];

  const newClient = (overrides: Partial<DarajaClientOptions> = {}) => {
    const client = new DarajaClient({
      baseUrl: sim.url,
      consumerKey: 'consumer-key',
      consumerSecret: 'consumer-secret',
      redis,
      redisKeyPrefix: keyPrefix,
      timeoutMs: 2_000,
      ...overrides,
    });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    sim = await createSimulator({ callbackDelayMs: 0, hangMs: 10_000, rejectedConsumerKeys: ['wrong-key'] });
    redis = new Redis(REDIS_URL);
  });
  beforeEach(() => {
    keyPrefix = `test:daraja:${randomUUID()}:`;
    sim.reset();
  });
  afterAll(async () => {
    clients.forEach((client) => client.close());
    const keys = await redis.keys('test:daraja:*');
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await sim.close();
  });

  it('caches the token in Redis and reuses it across client instances', async () => {
    const first = newClient();
    const before = Date.now();
    const accepted = await first.stkPush(pushRequest('254712345678'));
    const after = Date.now();
    expect(accepted.ResponseCode).toBe('0');
    expect(accepted.CheckoutRequestID).toMatch(/^ws_CO_/);

    expect(first.tokenRedisKey).toMatch(new RegExp(`^${keyPrefix}daraja:token:[0-9a-f]{64}$`));
    expect(await redis.get(first.tokenRedisKey)).toMatch(/^[A-Za-z0-9]{28}$/);
    // expires_in "3599" less the 60 s refresh margin, set while the push ran: the key expires at that moment.
    const expiresAt = Number(await redis.call('PEXPIRETIME', first.tokenRedisKey));
    expect(expiresAt - 3_539_000).toBeGreaterThanOrEqual(before);
    expect(expiresAt - 3_539_000).toBeLessThanOrEqual(after);

    const second = newClient();
    await second.stkPush(pushRequest('254712345679'));
    const status = await second.stkQuery({
      BusinessShortCode: SHORTCODE,
      Password: stkPassword(SHORTCODE, PASSKEY, '20260101000000'),
      Timestamp: '20260101000000',
      CheckoutRequestID: accepted.CheckoutRequestID,
    });
    expect(status.ResultCode).toBe('0');
    expect(sim.requestCounts()).toMatchObject({ oauth: 1, stkPush: 2, stkQuery: 1 });
  });

  it('refreshes the token once when many calls in several clients start with an empty cache', async () => {
    const a = newClient();
    const b = newClient();
    const phones = ['254711000001', '254711000002', '254711000003', '254711000004', '254711000005', '254711000006'];
    await Promise.all(phones.map((phone, i) => (i % 2 === 0 ? a : b).stkPush(pushRequest(phone))));
    expect(sim.requestCounts()).toMatchObject({ oauth: 1, stkPush: 6 });
  });

  it('drops a token Daraja refuses and retries once with a fresh one', async () => {
    const client = newClient();
    await client.stkPush(pushRequest('254712345678'));
    const oldToken = await redis.get(client.tokenRedisKey);
    sim.revokeTokens();

    await expect(client.stkPush(pushRequest('254712345678'))).resolves.toMatchObject({ ResponseCode: '0' });
    expect(sim.requestCounts()).toMatchObject({ oauth: 2, stkPush: 3 });
    const newToken = await redis.get(client.tokenRedisKey);
    expect(newToken).not.toBeNull();
    expect(newToken).not.toBe(oldToken);
  });

  it('maps a Daraja error envelope to DarajaRejectedError', async () => {
    const client = newClient();
    const badPassword = client.stkPush(pushRequest('254712345678', { Password: 'd3Jvbmc=' }));
    await expect(badPassword).rejects.toBeInstanceOf(DarajaRejectedError);
    await expect(badPassword).rejects.toMatchObject({
      httpStatus: 500,
      errorCode: '500.001.1001',
      errorMessage: '[MerchantValidate] - Wrong credentials',
    });
    await expect(client.stkPush(pushRequest('0712345678'))).rejects.toMatchObject({
      name: 'DarajaRejectedError',
      httpStatus: 400,
      errorCode: '400.002.02',
      errorMessage: 'Bad Request - Invalid PartyA',
    });
    // Rejections say nothing about Daraja's health, so they never open the breaker.
    expect(client.isBreakerOpen('stkPush', SHORTCODE)).toBe(false);
  });

  it('maps a push that times out after sending to DarajaOutcomeUnknownError', async () => {
    const client = newClient({ timeoutMs: 300 });
    const started = Date.now();
    const hung = client.stkPush(pushRequest('254700000504'));
    await expect(hung).rejects.toBeInstanceOf(DarajaOutcomeUnknownError);
    expect(Date.now() - started).toBeLessThan(2_000);
    // It did reach the simulator, which is exactly why the caller must settle it by query.
    expect(sim.requestCounts().stkPush).toBe(1);
  });

  it('opens the breaker on failures and then fails fast without calling Daraja', async () => {
    const client = newClient({ breaker: { volumeThreshold: 1, errorThresholdPercentage: 1, resetTimeoutMs: 60_000 } });
    await expect(client.stkPush(pushRequest('254700000500'))).rejects.toMatchObject({
      name: 'DarajaUnavailableError',
      reason: 'throttled',
      errorCode: '500.003.02',
      definitelyNotApplied: true,
    });
    expect(client.isBreakerOpen('stkPush', SHORTCODE)).toBe(true);

    const started = Date.now();
    const fast = client.stkPush(pushRequest('254712345678'));
    await expect(fast).rejects.toBeInstanceOf(DarajaUnavailableError);
    await expect(fast).rejects.toMatchObject({ reason: 'breaker_open', definitelyNotApplied: true });
    expect(Date.now() - started).toBeLessThan(50);
    expect(sim.requestCounts().stkPush).toBe(1);
    // Breakers are per operation and shortcode: queries still go through.
    expect(client.isBreakerOpen('stkQuery', SHORTCODE)).toBe(false);
  });

  it('keeps one token per app and backend: another consumer key or base URL never reuses it', async () => {
    const otherSim = await createSimulator({ callbackDelayMs: 0 });
    try {
      const app = newClient();
      const otherApp = newClient({ consumerKey: 'other-consumer-key' });
      // The same consumer key on another backend (the sandbox and production are two apps).
      const otherBackend = newClient({ baseUrl: otherSim.url });
      expect(new Set([app.tokenRedisKey, otherApp.tokenRedisKey, otherBackend.tokenRedisKey]).size).toBe(3);
      await app.stkPush(pushRequest('254712345601'));
      await otherApp.stkPush(pushRequest('254712345602'));
      await otherBackend.stkPush(pushRequest('254712345603'));
      expect(sim.requestCounts()).toMatchObject({ oauth: 2, stkPush: 2 });
      // A token from the first backend would have been refused here first (two pushes, two token fetches).
      expect(otherSim.requestCounts()).toMatchObject({ oauth: 1, stkPush: 1 });
    } finally {
      await otherSim.close();
    }
  });

  it('answers refused consumer credentials with DarajaCredentialsRejectedError until the OAuth breaker opens, then repeats it without calling Daraja', async () => {
    const wrong = newClient({ consumerKey: 'wrong-key', breaker: { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeoutMs: 60_000 } });
    for (let i = 0; i < 3; i += 1) {
      const error = await wrong.stkPush(pushRequest('254712345678')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DarajaCredentialsRejectedError);
      expect(error).toMatchObject({ code: 'daraja_credentials_rejected', errorCode: '400.008.01', breakerOpen: false });
    }
    expect(wrong.isBreakerOpen('oauth', '-')).toBe(true);
    expect(sim.requestCounts()).toMatchObject({ oauth: 3, stkPush: 0 });

    const fast = await wrong.stkPush(pushRequest('254712345678')).catch((e: unknown) => e);
    expect(fast).toBeInstanceOf(DarajaCredentialsRejectedError);
    expect(fast).toMatchObject({ errorCode: '400.008.01', breakerOpen: true });
    expect(sim.requestCounts().oauth).toBe(3);
    // The push breaker saw rejections only, and another app with good credentials is untouched.
    expect(wrong.isBreakerOpen('stkPush', SHORTCODE)).toBe(false);
    await expect(newClient().stkPush(pushRequest('254712345679'))).resolves.toMatchObject({ ResponseCode: '0' });
  });

  it('sends no push whose full timeout no longer fits before the deadline', async () => {
    const client = newClient({ timeoutMs: 1_000 });
    const error = await client.stkPush(pushRequest('254712345678'), { deadline: Date.now() + 500 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DarajaUnavailableError);
    expect(error).toMatchObject({ reason: 'timeout', definitelyNotApplied: true });
    expect(sim.requestCounts().stkPush).toBe(0);
    await expect(client.stkPush(pushRequest('254712345678'), { deadline: Date.now() + 5_000 })).resolves.toMatchObject({ ResponseCode: '0' });
  });

  it('stops waiting for a token when the push would no longer fit before the deadline', async () => {
    // Another process holds the refresh lock and never stores a token: without a deadline this waits out the lock.
    const client = newClient({ timeoutMs: 300, oauthTimeoutMs: 5_000 });
    await redis.set(`${client.tokenRedisKey}:lock`, 'someone-else', 'PX', 10_000);
    const started = Date.now();
    const error = await client.stkPush(pushRequest('254712345678'), { deadline: started + 800 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'DarajaUnavailableError', reason: 'timeout', definitelyNotApplied: true });
    expect(Date.now()).toBeLessThan(started + 800);
    expect(sim.requestCounts()).toMatchObject({ oauth: 0, stkPush: 0 });
  });

  it('maps a refused connection to DarajaUnavailableError that definitely did not apply', async () => {
    const client = newClient({ baseUrl: `http://127.0.0.1:${await closedPort()}` });
    await expect(client.stkPush(pushRequest('254712345678'))).rejects.toMatchObject({
      name: 'DarajaUnavailableError',
      reason: 'connection_refused',
      definitelyNotApplied: true,
    });
  });
});
