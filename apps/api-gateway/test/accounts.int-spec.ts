import { DataSource } from 'typeorm';
import { createAdmin } from '../src/admin/create-admin';
import { ExpiredSessionsJob } from '../src/auth/expired-sessions.job';
import { UsageRecorder } from '../src/auth/usage-recorder';
import { ApiGatewayConfig } from '../src/config';
import { type Body, type GatewayHarness, startGateway } from './gateway-harness';

jest.setTimeout(30_000);

/**
 * Merchants running their own account through HTTP: sign-up and log-in, the powers of each credential,
 * suspension, payment accounts, subscriptions, rate limits and the admin API.
 */
describe('merchant accounts (real Postgres, RabbitMQ, Redis; gateway over HTTP)', () => {
  let h: GatewayHarness;
  let seq = 0;
  const unique = (label: string) => `${label}${Date.now().toString(36)}${(seq += 1)}`;
  /** Each test speaks from its own client address (TRUST_PROXY_HOPS=1), so per-IP limits stay per test. */
  const ip = () => `10.0.${Math.floor(seq / 250)}.${(seq += 1) % 250}`;
  const push = { phone: '0712345678', amount: 100, reference: 'INV-1' };
  let admin: string;

  async function register(extra: Body = {}) {
    const username = unique('m');
    const password = 'correct horse battery';
    const res = await h.call<Body>('POST', '/v1/auth/register', {
      json: { username, email: `${username}@example.com`, password, ...extra },
      headers: { 'x-forwarded-for': ip() },
    });
    expect(res.status).toBe(201);
    return { merchantId: res.body.merchant_id as string, username, password };
  }

  async function login(user: string, password: string, from = ip()) {
    const res = await h.call<Body>('POST', '/v1/auth/login', { json: { user, password }, headers: { 'x-forwarded-for': from } });
    expect(res.status).toBe(200);
    return res.body.token as string;
  }

  const bearer = (token: string, more: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, ...more });

  async function merchant() {
    const m = await register();
    const session = await login(m.username, m.password);
    const key = await h.call<Body>('POST', '/v1/api-keys', { json: { mode: 'test' }, headers: bearer(session) });
    expect(key.status).toBe(201);
    return { ...m, session, keyId: key.body.id as string, apiKey: key.body.api_key as string, secret: key.body.api_secret as string };
  }

  beforeAll(async () => {
    h = await startGateway('accounts', {
      TRUST_PROXY_HOPS: '1',
      LOGIN_LOCK_AFTER_FAILURES: '3',
      LOGIN_SLOWDOWN_STEP_MS: '10',
      LOGIN_LOCK_AFTER_FAILURES_PER_IP: '8',
    });
    const username = unique('admin');
    await createAdmin(h.gateway.get(DataSource), h.gateway.get(ApiGatewayConfig), {
      username,
      email: `${username}@example.com`,
      password: 'a long admin password',
    });
    admin = await login(username, 'a long admin password');
  });

  afterAll(async () => h?.stop());

  describe('sign-up and log-in', () => {
    it('registers without a phone, and says "username is required" once for a missing username', async () => {
      const m = await register();
      const me = await h.call<Body>('GET', '/v1/me', { headers: bearer(await login(m.username, m.password)) });
      expect(me.body).toMatchObject({ phone: null, subscription: { status: 'active', plan: 'trial' }, links: [], payment_accounts: [] });
      const missing = await h.call<Body>('POST', '/v1/auth/register', {
        json: { email: 'x@example.com', password: 'password123' },
        headers: { 'x-forwarded-for': ip() },
      });
      expect(missing.status).toBe(400);
      expect(missing.body).toMatchObject({ error_code: 'validation_error', message: 'username is required' });
    });

    it('logs in by `user` as username or email, and log-out ends the session at once', async () => {
      const m = await register();
      const byName = await login(m.username, m.password);
      const byEmail = await login(`${m.username}@EXAMPLE.com`, m.password);
      expect((await h.call('GET', '/v1/me', { headers: bearer(byEmail) })).status).toBe(200);
      const out = await h.call<Body>('POST', '/v1/auth/logout', { headers: bearer(byName) });
      expect(out.status).toBe(200);
      expect(out.headers.get('set-cookie')).toMatch(/lipa_session=;/);
      const after = await h.call<Body>('GET', '/v1/me', { headers: bearer(byName) });
      expect(after.status).toBe(401);
      expect(after.body.error_code).toBe('invalid_token');
      expect((await h.call('GET', '/v1/me', { headers: bearer(byEmail) })).status).toBe(200);
    });

    it('refuses an expired session with 401 invalid_token', async () => {
      const m = await register();
      const token = await login(m.username, m.password);
      await h.pg.query(`UPDATE gateway.sessions SET expires_at = now() - interval '1 second' WHERE merchant_id = $1`, [m.merchantId]);
      const res = await h.call<Body>('GET', '/v1/me', { headers: bearer(token) });
      expect(res.status).toBe(401);
      expect(res.body.error_code).toBe('invalid_token');
      await h.gateway.get(ExpiredSessionsJob).sweep();
      expect((await h.pg.query('SELECT 1 FROM gateway.sessions WHERE merchant_id = $1', [m.merchantId])).rowCount).toBe(0);
    });

    it('locks an account after repeated failures, even for the right password, with Retry-After', async () => {
      const m = await register();
      for (let i = 0; i < 3; i += 1) {
        const wrong = await h.call<Body>('POST', '/v1/auth/login', {
          json: { user: m.username, password: 'wrong password' },
          headers: { 'x-forwarded-for': ip() },
        });
        expect(wrong.status).toBe(401);
      }
      const locked = await h.call<Body>('POST', '/v1/auth/login', { json: { user: m.username, password: m.password }, headers: { 'x-forwarded-for': ip() } });
      expect(locked.status).toBe(429);
      expect(locked.body.error_code).toBe('login_locked');
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    });

    it('locks a client address that guesses across accounts', async () => {
      const from = ip();
      for (let i = 0; i < 8; i += 1) {
        await h.call('POST', '/v1/auth/login', { json: { user: unique('nobody'), password: 'guess' }, headers: { 'x-forwarded-for': from } });
      }
      const m = await register();
      const res = await h.call<Body>('POST', '/v1/auth/login', { json: { user: m.username, password: m.password }, headers: { 'x-forwarded-for': from } });
      expect(res.status).toBe(429);
      expect(res.body.error_code).toBe('login_locked');
      expect((await h.call('POST', '/v1/auth/login', { json: { user: m.username, password: m.password }, headers: { 'x-forwarded-for': ip() } })).status).toBe(
        200,
      );
    });
  });

  describe('credentials and their powers', () => {
    it('creates a live key only once an admin approved the merchant for live', async () => {
      const m = await merchant();
      const refused = await h.call<Body>('POST', '/v1/api-keys', { json: { mode: 'live' }, headers: bearer(m.session) });
      expect(refused.status).toBe(403);
      expect(refused.body.error_code).toBe('live_not_approved');
      const approved = await h.call<Body>('POST', `/v1/admin/merchants/${m.merchantId}/approve-live`, { headers: bearer(admin) });
      expect(approved.status).toBe(200);
      const live = await h.call<Body>('POST', '/v1/api-keys', { json: { mode: 'live' }, headers: bearer(m.session) });
      expect(live.status).toBe(201);
      expect(live.body.api_secret).toMatch(/^sk_live_/);
      expect(live.headers.get('cache-control')).toBe('no-store');
      // A test key never sees the live key; the portal session sees both.
      const byTestKey = await h.call<Body>('GET', '/v1/api-keys', { headers: bearer(m.secret) });
      expect(byTestKey.body.data.map((k: Body) => k.mode)).toEqual(['test']);
      const me = await h.call<Body>('GET', '/v1/me', { headers: bearer(m.secret) });
      expect(me.body.api_keys.map((k: Body) => k.mode)).toEqual(['test']);
      const bySession = await h.call<Body>('GET', '/v1/api-keys', { headers: bearer(m.session) });
      expect(bySession.body.data.map((k: Body) => k.mode).sort()).toEqual(['live', 'test']);
    });

    it('counts sign-up attempts per IP before validating the body (429 rate_limited)', async () => {
      const from = ip();
      const statuses: number[] = [];
      for (let i = 0; i < 31; i += 1)
        statuses.push((await h.call('POST', '/v1/auth/register', { json: { junk: i }, headers: { 'x-forwarded-for': from } })).status);
      expect(statuses.slice(0, 30).every((s) => s === 400)).toBe(true);
      expect(statuses[30]).toBe(429);
    });

    it('answers malformed HTTP Basic on /v1/oauth/token with 401 invalid_client, never 500', async () => {
      for (const authorization of ['Basic JTp4', 'Basic !!!', 'Basic', 'Basic Og==']) {
        const res = await h.call<Body>('POST', '/v1/oauth/token', { form: { grant_type: 'client_credentials' }, headers: { authorization } });
        expect(res.status).toBe(401);
        // Ours and RFC 6749 §5.2's, so standard OAuth clients can read it too.
        expect(res.body).toMatchObject({ success: false, error_code: 'invalid_client', error: 'invalid_client', error_description: expect.any(String) });
        expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
      }
    });

    it('answers a missing grant_type as RFC 6749 invalid_request and another grant as unsupported_grant_type', async () => {
      const missing = await h.call<Body>('POST', '/v1/oauth/token', { form: { client_id: 'x' } });
      expect(missing.status).toBe(400);
      expect(missing.body).toMatchObject({ error_code: 'validation_error', error: 'invalid_request' });
      const other = await h.call<Body>('POST', '/v1/oauth/token', { form: { grant_type: 'password' } });
      expect(other.body).toMatchObject({ error_code: 'unsupported_grant_type', error: 'unsupported_grant_type' });
    });

    it('takes OAuth client credentials as HTTP Basic, and an expired token is refused', async () => {
      const m = await merchant();
      const basic = Buffer.from(`${m.apiKey}:${m.secret}`).toString('base64');
      const res = await h.call<Body>('POST', '/v1/oauth/token', { form: { grant_type: 'client_credentials' }, headers: { authorization: `Basic ${basic}` } });
      expect(res.status).toBe(200);
      expect((await h.call('GET', '/v1/me', { headers: bearer(res.body.access_token) })).status).toBe(200);
      await h.gateway.get(DataSource).query('SELECT 1');
      const keys = await redisKeys(`gateway:oauth:*`);
      for (const key of keys) await redisDel(key);
      const expired = await h.call<Body>('GET', '/v1/me', { headers: bearer(res.body.access_token) });
      expect(expired.status).toBe(401);
      expect(expired.body.error_code).toBe('invalid_token');
    });

    it('suspends every credential at once (403 merchant_suspended) and reactivation restores them', async () => {
      const m = await merchant();
      const token = (
        await h.call<Body>('POST', '/v1/oauth/token', { json: { grant_type: 'client_credentials', client_id: m.apiKey, client_secret: m.secret } })
      ).body.access_token;
      const suspend = await h.call<Body>('POST', `/v1/admin/merchants/${m.merchantId}/suspend`, { json: { reason: 'chargebacks' }, headers: bearer(admin) });
      expect(suspend.status).toBe(200);
      const ways = [bearer(m.secret), { 'x-api-key': m.apiKey, 'x-api-secret': m.secret }, bearer(token), bearer(m.session)];
      for (const headers of ways) {
        const res = await h.call<Body>('GET', '/v1/me', { headers });
        expect(res.status).toBe(403);
        expect(res.body.error_code).toBe('merchant_suspended');
      }
      const login = await h.call<Body>('POST', '/v1/auth/login', { json: { user: m.username, password: m.password }, headers: { 'x-forwarded-for': ip() } });
      expect(login.body.error_code).toBe('merchant_suspended');
      await h.call('POST', `/v1/admin/merchants/${m.merchantId}/reactivate`, { headers: bearer(admin) });
      for (const headers of ways) expect((await h.call('GET', '/v1/me', { headers })).status).toBe(200);
    });

    it('revokes a key, and the OAuth tokens issued from it, at once on every gateway replica', async () => {
      const replica = await h.replica();
      try {
        const m = await merchant();
        const token = (
          await h.call<Body>('POST', '/v1/oauth/token', { json: { grant_type: 'client_credentials', client_id: m.apiKey, client_secret: m.secret } })
        ).body.access_token;
        expect((await replica.call('GET', '/v1/me', { headers: bearer(m.secret) })).status).toBe(200);
        expect((await replica.call('GET', '/v1/me', { headers: bearer(token) })).status).toBe(200);
        expect((await h.call('DELETE', `/v1/api-keys/${m.keyId}`, { headers: bearer(m.session) })).status).toBe(200);
        for (const headers of [bearer(m.secret), bearer(token), { 'x-api-key': m.apiKey, 'x-api-secret': m.secret }]) {
          const res = await replica.call<Body>('GET', '/v1/me', { headers });
          expect(res.status).toBe(401);
          expect(res.body.error_code).toBe('invalid_api_key');
        }
      } finally {
        await replica.close();
      }
    });

    it('counts one rate limit across gateway replicas', async () => {
      const replica = await h.replica();
      try {
        const m = await merchant();
        await h.call('PUT', `/v1/admin/merchants/${m.merchantId}/rate-limit`, { json: { per_minute: 4 }, headers: bearer(admin) });
        const statuses = [];
        for (const c of [h.call, replica.call, h.call, replica.call, h.call])
          statuses.push((await c('GET', '/v1/api-keys', { headers: bearer(m.secret) })).status);
        expect(statuses).toEqual([200, 200, 200, 200, 429]);
      } finally {
        await replica.close();
      }
    });

    it('records last_used_at without a write per request', async () => {
      const m = await merchant();
      for (let i = 0; i < 5; i += 1) await h.call('GET', '/v1/api-keys', { headers: bearer(m.secret) });
      const before = await h.pg.query('SELECT last_used_at FROM gateway.api_credentials WHERE id = $1', [m.keyId]);
      expect(before.rows[0].last_used_at).toBeNull();
      await h.gateway.get(UsageRecorder).flush();
      const after = await h.call<Body>('GET', '/v1/api-keys', { headers: bearer(m.session) });
      expect(Date.parse(after.body.data[0].last_used_at)).toBeGreaterThan(Date.now() - 60_000);
      expect(after.body.data[0]).toMatchObject({ prefix: 'sk_test_', last4: m.secret.slice(-4) });
    });
  });

  describe('payment accounts', () => {
    it('numbers accounts #00001, #00002 per merchant, seals the Daraja app and never returns it', async () => {
      const m = await merchant();
      const paybill = await h.call<Body>('POST', '/v1/payment-accounts', {
        json: {
          type: 'paybill',
          number: '600100',
          account_reference: 'SHOP',
          consumer_key: 'ck-abcdef-1234',
          consumer_secret: 'cs-very-secret',
          passkey: 'pk-very-secret',
        },
        headers: bearer(m.secret),
      });
      expect(paybill.status).toBe(201);
      expect(paybill.body).toMatchObject({ payment_id: '#00001', is_primary: true, mode: 'test', daraja_app: { configured: true, consumer_key: '****1234' } });
      expect(paybill.text).not.toMatch(/cs-very-secret|pk-very-secret|ck-abcdef/);
      const till = await h.call<Body>('POST', '/v1/payment-accounts', {
        json: { type: 'till', number: '5123456', store_number: '5100000' },
        headers: bearer(m.secret),
      });
      expect(till.body).toMatchObject({ payment_id: '#00002', is_primary: false, store_number: '5100000' });
      const { rows } = await h.pg.query('SELECT daraja_app_sealed FROM gateway.payment_accounts WHERE merchant_id = $1 AND payment_id = $2', [
        m.merchantId,
        '#00001',
      ]);
      expect(rows[0].daraja_app_sealed).toMatch(/^v2:dev:/);
      expect(rows[0].daraja_app_sealed).not.toMatch(/very-secret/);
      const list = await h.call<Body>('GET', '/v1/payment-accounts', { headers: bearer(m.secret) });
      expect(list.body.data.map((a: Body) => a.payment_id)).toEqual(['#00001', '#00002']);
      expect(list.text).not.toMatch(/very-secret/);
    });

    it("takes only a shortcode's passkey (the platform's app then pushes), but not an initiator alone or half a consumer pair", async () => {
      const m = await merchant();
      const passkeyOnly = await h.call<Body>('POST', '/v1/payment-accounts', {
        json: { type: 'paybill', number: '600110', passkey: 'pk-secret' },
        headers: bearer(m.secret),
      });
      expect(passkeyOnly.status).toBe(201);
      expect(passkeyOnly.body.daraja_app).toEqual({ configured: true, consumer_key: null });
      for (const app of [{ initiator_name: 'api' }, { consumer_key: 'ck-only' }]) {
        const res = await h.call<Body>('POST', '/v1/payment-accounts', { json: { type: 'paybill', number: '600111', ...app }, headers: bearer(m.secret) });
        expect(res.status).toBe(400);
        expect(res.body.error_code).toBe('validation_error');
      }
    });

    it('pages the list truthfully (page, limit ≤ 100), as every list of the API', async () => {
      const m = await merchant();
      for (const number of ['600120', '600121', '600122'])
        await h.call('POST', '/v1/payment-accounts', { json: { type: 'paybill', number }, headers: bearer(m.secret) });
      const first = await h.call<Body>('GET', '/v1/payment-accounts?limit=2', { headers: bearer(m.secret) });
      expect(first.body.data.map((a: Body) => a.number)).toEqual(['600120', '600121']);
      expect(first.body.pagination).toEqual({ current_page: 1, per_page: 2, total_items: 3, total_pages: 2 });
      const second = await h.call<Body>('GET', '/v1/payment-accounts?limit=2&page=2', { headers: bearer(m.secret) });
      expect(second.body.data.map((a: Body) => a.number)).toEqual(['600122']);
      const keys = await h.call<Body>('GET', '/v1/api-keys?limit=1', { headers: bearer(m.session) });
      expect(keys.body.pagination).toMatchObject({ per_page: 1, total_items: 1 });
      for (const query of ['limit=101', 'page=0', 'limit=abc']) {
        expect((await h.call<Body>('GET', `/v1/payment-accounts?${query}`, { headers: bearer(m.secret) })).body.error_code).toBe('validation_error');
      }
    });

    it('routes a push to payment_id, else to the primary; PATCH moves the primary', async () => {
      const m = await merchant();
      await h.call('POST', '/v1/payment-accounts', { json: { type: 'paybill', number: '600200' }, headers: bearer(m.secret) });
      await h.call('POST', '/v1/payment-accounts', { json: { type: 'till', number: '5200001', store_number: '5200000' }, headers: bearer(m.secret) });
      await h.call('POST', '/v1/stk-push', { json: push, headers: bearer(m.secret) });
      expect(h.stk.calls.at(-1)?.account).toMatchObject({
        payment_id: '#00001',
        business_short_code: '600200',
        party_b: '600200',
        transaction_type: 'CustomerPayBillOnline',
      });
      const toTill = await h.call<Body>('POST', '/v1/stk-push', { json: { ...push, payment_id: '#00002' }, headers: bearer(m.secret) });
      expect(toTill.body.payment_id).toBe('#00002');
      expect(h.stk.calls.at(-1)?.account).toMatchObject({
        kind: 'till',
        business_short_code: '5200000',
        party_b: '5200001',
        transaction_type: 'CustomerBuyGoodsOnline',
      });
      const patched = await h.call<Body>('PATCH', `/v1/payment-accounts/${encodeURIComponent('#00002')}`, {
        json: { primary: true },
        headers: bearer(m.secret),
      });
      expect(patched.body).toMatchObject({ payment_id: '#00002', is_primary: true });
      await h.call('POST', '/v1/stk-push', { json: push, headers: bearer(m.secret) });
      expect(h.stk.calls.at(-1)?.account?.payment_id).toBe('#00002');
      const list = await h.call<Body>('GET', '/v1/payment-accounts', { headers: bearer(m.secret) });
      expect(list.body.data.filter((a: Body) => a.is_primary).map((a: Body) => a.payment_id)).toEqual(['#00002']);
    });

    it('lets a live paybill collect for one merchant only (409 payment_account_exists); sandbox numbers may repeat', async () => {
      const a = await merchant();
      const b = await merchant();
      for (const m of [a, b]) await h.call('POST', `/v1/admin/merchants/${m.merchantId}/approve-live`, { headers: bearer(admin) });
      const live = (m: typeof a) => bearer(m.session, { 'x-lipa-mode': 'live' });
      expect((await h.call('POST', '/v1/payment-accounts', { json: { type: 'paybill', number: '888111' }, headers: live(a) })).status).toBe(201);
      const taken = await h.call<Body>('POST', '/v1/payment-accounts', { json: { type: 'paybill', number: '888111' }, headers: live(b) });
      expect(taken.status).toBe(409);
      expect(taken.body.error_code).toBe('payment_account_exists');
      const other = await h.call<Body>('POST', '/v1/payment-accounts', { json: { type: 'paybill', number: '888112' }, headers: live(b) });
      const moved = await h.call<Body>('PATCH', `/v1/payment-accounts/${other.body.payment_id.slice(1)}`, { json: { number: '888111' }, headers: live(b) });
      expect(moved.status).toBe(409);
      for (const m of [a, b])
        expect((await h.call('POST', '/v1/payment-accounts', { json: { type: 'paybill', number: '174379' }, headers: bearer(m.secret) })).status).toBe(201);
    });

    it('pushes without an account to the platform shortcode (no account in the command)', async () => {
      const m = await merchant();
      const res = await h.call<Body>('POST', '/v1/stk-push', { json: push, headers: bearer(m.secret) });
      expect(res.status).toBe(201);
      expect(h.stk.calls.at(-1)?.account).toBeUndefined();
    });

    it("never lets a merchant see or use another merchant's account, nor a test key a live one", async () => {
      const a = await merchant();
      const b = await merchant();
      await h.call('POST', '/v1/payment-accounts', { json: { type: 'paybill', number: '600300' }, headers: bearer(b.secret) });
      const other = await h.call<Body>('POST', '/v1/stk-push', { json: { ...push, payment_id: '#00001' }, headers: bearer(a.secret) });
      expect(other.status).toBe(404);
      expect(other.body.error_code).toBe('payment_account_not_found');
      const patch = await h.call<Body>('PATCH', '/v1/payment-accounts/00001', { json: { label: 'mine now' }, headers: bearer(a.secret) });
      expect(patch.status).toBe(404);
      expect((await h.call<Body>('GET', '/v1/payment-accounts', { headers: bearer(a.secret) })).body.data).toEqual([]);
      const keysOfA = await h.call<Body>('GET', '/v1/api-keys', { headers: bearer(a.session) });
      expect(keysOfA.body.data.map((k: Body) => k.id)).toEqual([a.keyId]);
      expect(keysOfA.text).not.toContain(b.keyId);

      await h.call('POST', `/v1/admin/merchants/${b.merchantId}/approve-live`, { headers: bearer(admin) });
      const live = await h.call<Body>('POST', '/v1/payment-accounts', {
        json: { type: 'paybill', number: '600301' },
        headers: bearer(b.session, { 'x-lipa-mode': 'live' }),
      });
      expect(live.body).toMatchObject({ payment_id: '#00002', mode: 'live', is_primary: true });
      const testOnLive = await h.call<Body>('POST', '/v1/stk-push', { json: { ...push, payment_id: '#00002' }, headers: bearer(b.secret) });
      expect(testOnLive.status).toBe(403);
      expect(testOnLive.body.error_code).toBe('payment_account_mode_mismatch');
      expect((await h.call<Body>('GET', '/v1/payment-accounts', { headers: bearer(b.secret) })).body.data.map((x: Body) => x.payment_id)).toEqual(['#00001']);
    });
  });

  describe('subscriptions and rate limits', () => {
    it('refuses money-moving calls with 402 subscription_inactive once the subscription lapsed, and still lets the merchant read', async () => {
      const m = await merchant();
      const set = await h.call<Body>('PUT', `/v1/admin/merchants/${m.merchantId}/subscription`, {
        json: { plan: 'basic', expires_at: '2020-01-01T00:00:00Z' },
        headers: bearer(admin),
      });
      expect(set.status).toBe(200);
      const calls = h.stk.calls.length;
      const res = await h.call<Body>('POST', '/v1/stk-push', { json: push, headers: bearer(m.secret) });
      expect(res.status).toBe(402);
      expect(res.body.error_code).toBe('subscription_inactive');
      expect(h.stk.calls.length).toBe(calls);
      const me = await h.call<Body>('GET', '/v1/me', { headers: bearer(m.secret) });
      expect(me.body.subscription).toMatchObject({ status: 'expired', plan: 'basic' });
      const impossible = await h.call<Body>('PUT', `/v1/admin/merchants/${m.merchantId}/subscription`, {
        json: { plan: 'basic', expires_at: '2027-02-30' },
        headers: bearer(admin),
      });
      expect(impossible.status).toBe(400);
      await h.call('PUT', `/v1/admin/merchants/${m.merchantId}/subscription`, { json: { plan: 'basic', days: 30 }, headers: bearer(admin) });
      expect((await h.call('POST', '/v1/stk-push', { json: push, headers: bearer(m.secret) })).status).toBe(201);
    });

    it("limits a key to the merchant's own rate, with 429 rate_limited, Retry-After and RateLimit-* headers", async () => {
      const m = await merchant();
      await h.call('PUT', `/v1/admin/merchants/${m.merchantId}/rate-limit`, { json: { per_minute: 3 }, headers: bearer(admin) });
      const statuses: number[] = [];
      let last: Awaited<ReturnType<typeof h.call<Body>>> | undefined;
      for (let i = 0; i < 4; i += 1) {
        last = await h.call<Body>('GET', '/v1/api-keys', { headers: bearer(m.secret) });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(last?.body.error_code).toBe('rate_limited');
      expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(last?.headers.get('ratelimit-limit')).toBe('3');
      expect(last?.headers.get('ratelimit-remaining')).toBe('0');
      // Another merchant is not slowed.
      const other = await merchant();
      expect((await h.call('GET', '/v1/api-keys', { headers: bearer(other.secret) })).status).toBe(200);
    });
  });

  describe('admin API', () => {
    it('answers a merchant calling an admin route with 403, with a key or a session', async () => {
      const m = await merchant();
      // Admin routes ignore a session's mode: an admin not approved for live may still send X-Lipa-Mode.
      expect((await h.call('GET', '/v1/admin/merchants', { headers: bearer(admin, { 'x-lipa-mode': 'live' }) })).status).toBe(200);
      for (const headers of [bearer(m.secret), bearer(m.session)]) {
        const res = await h.call<Body>('GET', '/v1/admin/merchants', { headers });
        expect(res.status).toBe(403);
      }
    });

    it('searches merchants, sets switches and global settings, and writes each change to the audit log with before and after', async () => {
      const m = await merchant();
      const found = await h.call<Body>('GET', `/v1/admin/merchants?search=${m.username}`, { headers: bearer(admin) });
      expect(found.body.data).toHaveLength(1);
      expect(found.body.pagination).toMatchObject({ current_page: 1, total_items: 1, total_pages: 1 });
      expect(found.text).not.toContain('argon2');
      const switches = await h.call<Body>('PATCH', `/v1/admin/merchants/${m.merchantId}/switches`, {
        json: { withdrawal_enabled: true },
        headers: bearer(admin),
      });
      expect(switches.body.switches).toEqual({ withdrawal_enabled: true, send_money_enabled: false, auto_b2c_enabled: false });
      const settings = await h.call<Body>('PATCH', '/v1/admin/settings', { json: { auto_b2c_enabled: true }, headers: bearer(admin) });
      expect(settings.body.auto_b2c_enabled).toBe(true);
      const log = await h.call<Body>('GET', `/v1/admin/audit-log?merchant_id=${m.merchantId}`, { headers: bearer(admin) });
      expect(log.body.data[0]).toMatchObject({
        action: 'merchant.set_switches',
        target_id: m.merchantId,
        before: { switches: { withdrawal_enabled: false } },
        after: { switches: { withdrawal_enabled: true } },
      });
      expect(log.body.data[0].actor_id).toMatch(/^mch_/);
      expect(Date.parse(log.body.data[0].created_at)).toBeGreaterThan(0);
    });
  });

  describe('wallet money', () => {
    it("lets an admin credit a merchant's wallet from funding, with a reason, audited with the balances around it; a retry with the same key is the same transfer", async () => {
      const m = await merchant();
      const headers = bearer(admin, { 'idempotency-key': unique('adj-') });
      const body = { direction: 'credit', amount: 500.25, reason: 'Bank deposit ref 88231', mode: 'test' };
      const res = await h.call<Body>('POST', `/v1/admin/merchants/${m.merchantId}/wallets/service_wallet/adjustments`, { json: body, headers });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ success: true, message: 'Wallet credited', mode: 'test' });
      expect(h.ledger.transfers.at(-1)).toMatchObject({
        id: res.body.transfer_id,
        debit_account: 'platform:test:funding',
        credit_account: `merchant:${m.merchantId}:test:service_wallet`,
        amount_minor: '50025',
        code: 'adjustment',
        metadata: { reason: 'Bank deposit ref 88231' },
      });
      const count = h.ledger.transfers.length;
      const again = await h.call<Body>('POST', `/v1/admin/merchants/${m.merchantId}/wallets/service_wallet/adjustments`, { json: body, headers });
      expect(again.body.transfer_id).toBe(res.body.transfer_id);
      expect(h.ledger.transfers.length).toBe(count);
      const log = await h.call<Body>('GET', `/v1/admin/audit-log?merchant_id=${m.merchantId}&action=wallet.credit`, { headers: bearer(admin) });
      expect(log.body.data).toHaveLength(1);
      expect(log.body.data[0]).toMatchObject({
        before: { wallet: 'service_wallet', mode: 'test' },
        after: { transfer_id: res.body.transfer_id, amount_minor: '50025' },
      });
    });

    it('refuses adjustments by merchants (403), of unknown merchants (404), with fractions of a cent (400), and passes the ledger’s refusal of an overdraft (422)', async () => {
      const m = await merchant();
      const path = `/v1/admin/merchants/${m.merchantId}/wallets/b2c_wallet/adjustments`;
      const body = { direction: 'debit', amount: 10, reason: 'x' };
      expect((await h.call('POST', path, { json: body, headers: bearer(m.session) })).status).toBe(403);
      expect(
        (await h.call<Body>('POST', '/v1/admin/merchants/mch_nobody/wallets/b2c_wallet/adjustments', { json: body, headers: bearer(admin) })).body.error_code,
      ).toBe('merchant_not_found');
      expect((await h.call<Body>('POST', path, { json: { ...body, amount: 1.005 }, headers: bearer(admin) })).status).toBe(400);
      const overdraft = await h.call<Body>('POST', path, { json: { ...body, amount: 2_000_000 }, headers: bearer(admin) });
      expect(overdraft.status).toBe(422);
      expect(overdraft.body.error_code).toBe('insufficient_funds');
    });

    it("moves a merchant's collections into its B2C wallet, in the key's mode", async () => {
      const m = await merchant();
      const res = await h.call<Body>('POST', '/v1/wallets/collections/move-to-b2c', { json: { amount: 1000 }, headers: bearer(m.secret) });
      expect(res.status).toBe(201);
      expect(h.ledger.transfers.at(-1)).toMatchObject({
        debit_account: `merchant:${m.merchantId}:test:collections`,
        credit_account: `merchant:${m.merchantId}:test:b2c_wallet`,
        amount_minor: '100000',
        code: 'settlement',
      });
    });
  });

  describe('hard edges', () => {
    it('answers amounts class-validator trips on (1e-28, 5e-324), null switches and a null phone with 4xx, never 500', async () => {
      const m = await merchant();
      const tiny = await h.call<Body>('POST', `/v1/admin/merchants/${m.merchantId}/wallets/b2c_wallet/adjustments`, {
        json: { direction: 'credit', amount: 1e-28, reason: 'x' },
        headers: bearer(admin),
      });
      expect(tiny.status).toBe(400);
      const denormal = await h.call<Body>('POST', '/v1/wallets/collections/move-to-b2c', { json: { amount: 5e-324 }, headers: bearer(m.secret) });
      expect(denormal.status).toBe(400);
      const nullSwitch = await h.call<Body>('PATCH', `/v1/admin/merchants/${m.merchantId}/switches`, {
        json: { send_money_enabled: null },
        headers: bearer(admin),
      });
      expect(nullSwitch.status).toBe(400);
      const username = unique('nullphone');
      const nullPhone = await h.call<Body>('POST', '/v1/auth/register', {
        json: { username, email: `${username}@example.com`, password: 'password123', phone: null },
        headers: { 'x-forwarded-for': ip() },
      });
      expect(nullPhone.status).toBe(201);
      expect(nullPhone.body.phone).toBeNull();
      await h.call('POST', '/v1/payment-accounts', { json: { type: 'paybill', number: '600130' }, headers: bearer(m.secret) });
      for (const json of [{ type: null }, { number: null }]) {
        expect((await h.call<Body>('PATCH', '/v1/payment-accounts/00001', { json, headers: bearer(m.secret) })).status).toBe(400);
      }
      const nullDays = await h.call<Body>('PUT', `/v1/admin/merchants/${m.merchantId}/subscription`, {
        json: { plan: 'basic', days: null },
        headers: bearer(admin),
      });
      expect(nullDays.status).toBe(400);
    });

    it('answers a NUL character in a body or a path with 400 validation_error', async () => {
      const m = await merchant();
      const body = await h.call<Body>('POST', '/v1/payment-accounts', {
        json: { type: 'paybill', number: '600400', label: 'a\u0000b' },
        headers: bearer(m.secret),
      });
      expect(body.status).toBe(400);
      expect(body.body.error_code).toBe('validation_error');
      const path = await h.call<Body>('GET', '/v1/transactions/txn_%00', { headers: bearer(m.secret) });
      expect(path.status).toBe(400);
      const login = await h.call<Body>('POST', '/v1/auth/login', { json: { user: 'a\u0000', password: 'x' }, headers: { 'x-forwarded-for': ip() } });
      expect(login.status).toBe(400);
    });
  });

  async function redisKeys(pattern: string): Promise<string[]> {
    const Redis = (await import('ioredis')).default;
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      return await redis.keys(`${h.prefix}${pattern}`);
    } finally {
      redis.disconnect();
    }
  }

  async function redisDel(key: string): Promise<void> {
    const Redis = (await import('ioredis')).default;
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    await redis.del(key);
    redis.disconnect();
  }
});
