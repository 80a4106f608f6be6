import Redis from 'ioredis';
import { Client } from 'pg';
import { eventually, infra } from '@lipa/testing';
import { UpstreamClient } from '../src/upstream/upstream.client';
import type { FakeLedgerService, FakeStkService, FakeWebhookDispatcher } from './fakes';
import { type Body, type GatewayHarness, startGateway } from './gateway-harness';

type Call = GatewayHarness['call'];

// Registration hashes with argon2 and every push is a real RPC round trip.
jest.setTimeout(30_000);

describe('api-gateway (real Postgres, RabbitMQ, Redis; fake downstream services over real RPC)', () => {
  let h: GatewayHarness;
  let prefix: string;
  let pg: Client;
  let redis: Redis;
  let call: Call;
  let stk: FakeStkService;
  let ledger: FakeLedgerService;
  let webhooks: FakeWebhookDispatcher;

  let seq = 0;
  const unique = (label: string) => `${label}${Date.now().toString(36)}${(seq += 1)}`;

  async function registerMerchant(): Promise<{ merchantId: string; username: string; password: string }> {
    const username = unique('m');
    const password = 'correct horse battery';
    const res = await call('POST', '/v1/auth/register', { json: { username, email: `${username}@Example.com`, password, phone: '0712345678' } });
    expect(res.status).toBe(201);
    return { merchantId: res.body.merchant_id as string, username, password };
  }

  async function login(username: string, password: string): Promise<string> {
    const res = await call<Body>('POST', '/v1/auth/login', { json: { username, password } });
    expect(res.status).toBe(200);
    return res.body.token;
  }

  /** A merchant with a test key; returns its credentials. */
  async function merchantWithKey(): Promise<{ merchantId: string; keyId: string; apiKey: string; secret: string; session: string }> {
    const { merchantId, username, password } = await registerMerchant();
    const session = await login(username, password);
    const res = await call<Body>('POST', '/v1/api-keys', { json: { mode: 'test', label: 'server' }, headers: { authorization: `Bearer ${session}` } });
    expect(res.status).toBe(201);
    return { merchantId, keyId: res.body.id, apiKey: res.body.api_key, secret: res.body.api_secret, session };
  }

  async function count(sql: string, params: unknown[]): Promise<number> {
    const { rows } = await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params);
    return rows[0].n;
  }

  beforeAll(async () => {
    // Every test signs up from 127.0.0.1; the per-IP limit has its own test (accounts.int-spec.ts).
    h = await startGateway('gateway', { RATE_LIMIT_AUTH_PER_IP_PER_MINUTE: '100000' });
    ({ pg, prefix, call, stk, ledger, webhooks } = h);
    redis = new Redis(infra.redisUrl, { keyPrefix: prefix });
  });

  afterAll(async () => {
    redis?.disconnect();
    await h?.stop();
  });

  it('is ready once the database, Redis and the broker are up', async () => {
    const res = await eventually(async () => {
      const r = await call<Body>('GET', '/health/ready');
      expect(r.status).toBe(200);
      return r;
    });
    expect(res.body.info).toMatchObject({ database: { status: 'up' }, redis: { status: 'up' }, broker: { status: 'up' } });
  });

  describe('registration and log-in', () => {
    it('writes the merchant and its merchant.registered outbox row in one transaction', async () => {
      const username = unique('reg');
      const res = await call<Body>('POST', '/v1/auth/register', {
        json: { username, email: `${username}@Example.COM`, password: 'password123', phone: '+254 712 345 678', business_name: 'Acme Ltd' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ success: true, username, email: `${username}@example.com` });
      expect(res.body.merchant_id).toMatch(/^mch_/);
      const { rows } = await pg.query('SELECT phone, email, password_hash FROM gateway.merchants WHERE id = $1', [res.body.merchant_id]);
      expect(rows[0]).toMatchObject({ phone: '254712345678', email: `${username}@example.com` });
      expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
      const outbox = await pg.query(`SELECT type, merchant_id, payload FROM gateway.outbox WHERE type = 'merchant.registered' AND merchant_id = $1`, [
        res.body.merchant_id,
      ]);
      expect(outbox.rows).toHaveLength(1);
      expect(outbox.rows[0].payload).toEqual({ merchant_id: res.body.merchant_id, name: 'Acme Ltd', email: `${username}@example.com` });
    });

    it('refuses a second merchant with the same username or email (any case) with 409 merchant_exists and no event', async () => {
      const { username } = await registerMerchant();
      const before = await count(`gateway.outbox WHERE type = 'merchant.registered'`, []);
      const sameName = await call<Body>('POST', '/v1/auth/register', {
        json: { username: username.toUpperCase(), email: `other-${username}@example.com`, password: 'password123', phone: '0712345678' },
      });
      const sameEmail = await call<Body>('POST', '/v1/auth/register', {
        json: { username: `${username}x`, email: `${username}@EXAMPLE.com`, password: 'password123', phone: '0712345678' },
      });
      for (const res of [sameName, sameEmail]) {
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({ success: false, error_code: 'merchant_exists' });
      }
      expect(await count(`gateway.outbox WHERE type = 'merchant.registered'`, [])).toBe(before);
    });

    it('refuses a foreign phone with 400 invalid_phone and writes nothing', async () => {
      const username = unique('bad');
      const res = await call<Body>('POST', '/v1/auth/register', {
        json: { username, email: `${username}@example.com`, password: 'password123', phone: '+15551234567' },
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ success: false, error_code: 'invalid_phone' });
      expect(res.body.request_id).toBeTruthy();
      expect(await count('gateway.merchants WHERE username = $1', [username])).toBe(0);
    });

    it('answers a wrong password and an unknown user the same way: 401 invalid_credentials', async () => {
      const { username } = await registerMerchant();
      const wrong = await call<Body>('POST', '/v1/auth/login', { json: { username, password: 'not the password' } });
      const unknown = await call<Body>('POST', '/v1/auth/login', { json: { email: 'nobody@example.com', password: 'whatever1' } });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body.error_code).toBe('invalid_credentials');
      expect(unknown.body.error_code).toBe('invalid_credentials');
      expect(wrong.body.message).toBe(unknown.body.message);
    });

    it('logs in by email and sets an httpOnly session cookie that authenticates the portal', async () => {
      const { username, password, merchantId } = await registerMerchant();
      const res = await call<Body>('POST', '/v1/auth/login', { json: { email: `${username}@example.com`, password } });
      expect(res.status).toBe(200);
      expect(res.body.token).toMatch(/^sess_/);
      expect(Date.parse(res.body.expires_at)).toBeGreaterThan(Date.now());
      const cookie = res.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/lipa_session=sess_/);
      expect(cookie).toMatch(/HttpOnly/i);
      const me = await call<Body>('GET', '/v1/me', { headers: { cookie: cookie.split(';')[0] } });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ success: true, merchant_id: merchantId, username, phone: '254712345678', auth_method: 'session' });
    });
  });

  describe('API keys', () => {
    it('shows the secret once, stores only its HMAC, and lists keys masked', async () => {
      const m = await merchantWithKey();
      expect(m.apiKey).toMatch(/^ak_test_/);
      expect(m.secret).toMatch(/^sk_test_[A-Za-z0-9_-]{43}$/);
      const { rows } = await pg.query('SELECT secret_hash, secret_last4 FROM gateway.api_credentials WHERE id = $1', [m.keyId]);
      expect(rows[0].secret_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(rows[0].secret_hash).not.toContain(m.secret.slice(8));
      const list = await call<Body>('GET', '/v1/api-keys', { headers: { authorization: `Bearer ${m.secret}` } });
      expect(list.status).toBe(200);
      expect(list.text).not.toContain(m.secret);
      expect(list.body.data).toEqual([
        expect.objectContaining({ id: m.keyId, api_key: m.apiKey, api_secret: `sk_test_****${m.secret.slice(-4)}`, status: 'active' }),
      ]);
      expect(list.body.pagination).toMatchObject({ total_items: 1 });
      const me = await call<Body>('GET', '/v1/me', { headers: { 'x-api-key': m.apiKey, 'x-api-secret': m.secret } });
      expect(me.status).toBe(200);
      expect(me.text).not.toContain(m.secret);
      expect(me.body.api_keys).toHaveLength(1);
    });

    it('refuses key management with an API key (403 session_required): a test secret can neither mint a live key nor revoke one', async () => {
      const m = await merchantWithKey();
      for (const mode of ['test', 'live']) {
        const res = await call<Body>('POST', '/v1/api-keys', { json: { mode }, headers: { authorization: `Bearer ${m.secret}` } });
        expect(res.status).toBe(403);
        expect(res.body.error_code).toBe('session_required');
      }
      const revoke = await call<Body>('DELETE', `/v1/api-keys/${m.keyId}`, { headers: { 'x-api-key': m.apiKey, 'x-api-secret': m.secret } });
      expect(revoke.status).toBe(403);
      expect(revoke.body.error_code).toBe('session_required');
      expect(await count('gateway.api_credentials WHERE merchant_id = $1 AND revoked_at IS NULL', [m.merchantId])).toBe(1);
    });

    it("answers 404 for another merchant's key id and leaves that key working", async () => {
      const a = await merchantWithKey();
      const b = await merchantWithKey();
      const res = await call<Body>('DELETE', `/v1/api-keys/${b.keyId}`, { headers: { authorization: `Bearer ${a.session}` } });
      expect(res.status).toBe(404);
      expect(res.body.error_code).toBe('api_key_not_found');
      expect((await call('GET', '/v1/me', { headers: { authorization: `Bearer ${b.secret}` } })).status).toBe(200);
    });

    it('refuses requests without credentials (unauthorized) and with a made-up key (invalid_api_key)', async () => {
      const none = await call<Body>('GET', '/v1/me');
      expect(none.status).toBe(401);
      expect(none.body.error_code).toBe('unauthorized');
      const m = await merchantWithKey();
      const wrongPair = await call<Body>('GET', '/v1/me', { headers: { 'x-api-key': m.apiKey, 'x-api-secret': `sk_test_${'A'.repeat(43)}` } });
      expect(wrongPair.status).toBe(401);
      expect(wrongPair.body.error_code).toBe('invalid_api_key');
    });
  });

  describe('POST /v1/stk-push', () => {
    const push = { phone: '0712345678', amount: 100, reference: 'INV-001', description: 'Order 1' };

    it('reaches stk-service with the normalised phone, amount_minor and mode, authenticated by Bearer sk_test', async () => {
      const m = await merchantWithKey();
      const res = await call<Body>('POST', '/v1/stk-push', { json: push, headers: { authorization: `Bearer ${m.secret}` } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ success: true, message: 'STK push sent', status: 'pending' });
      expect(res.body.transaction_id).toMatch(/^txn_/);
      expect(res.body.checkout_request_id).toMatch(/^ws_CO_/);
      expect(res.body.merchant_request_id).toBeTruthy();
      expect(res.body.customer_message).toBeTruthy();
      expect(stk.calls.at(-1)).toEqual({
        merchant_id: m.merchantId,
        mode: 'test',
        phone: '254712345678',
        amount_minor: '10000',
        reference: 'INV-001',
        description: 'Order 1',
      });
    });

    it('accepts X-API-Key with X-API-Secret', async () => {
      const m = await merchantWithKey();
      const res = await call<Body>('POST', '/v1/stk-push', {
        json: { ...push, phone: '+254112345678', amount: 250_000 },
        headers: { 'x-api-key': m.apiKey, 'x-api-secret': m.secret },
      });
      expect(res.status).toBe(201);
      expect(stk.calls.at(-1)).toMatchObject({ merchant_id: m.merchantId, phone: '254112345678', amount_minor: '25000000' });
    });

    it('accepts an OAuth access token from client credentials (form body), stored hashed in Redis with a TTL', async () => {
      const m = await merchantWithKey();
      const token = await call<Body>('POST', '/v1/oauth/token', { form: { grant_type: 'client_credentials', client_id: m.apiKey, client_secret: m.secret } });
      expect(token.status).toBe(200);
      expect(token.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
      const keys = await redis.keys(`${prefix}gateway:oauth:*`);
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.join()).not.toContain(token.body.access_token);
      const ttl = await redis.ttl(keys[0].slice(prefix.length));
      expect(ttl).toBeGreaterThan(3500);
      const res = await call<Body>('POST', '/v1/stk-push', {
        json: { ...push, phone: '712345678' },
        headers: { authorization: `Bearer ${token.body.access_token}` },
      });
      expect(res.status).toBe(201);
      expect(stk.calls.at(-1)).toMatchObject({ merchant_id: m.merchantId, phone: '254712345678', mode: 'test' });
    });

    it('issues OAuth tokens for JSON bodies too, and refuses a wrong secret with invalid_client', async () => {
      const m = await merchantWithKey();
      const ok = await call<Body>('POST', '/v1/oauth/token', { json: { grant_type: 'client_credentials', client_id: m.apiKey, client_secret: m.secret } });
      expect(ok.status).toBe(200);
      const bad = await call<Body>('POST', '/v1/oauth/token', {
        json: { grant_type: 'client_credentials', client_id: m.apiKey, client_secret: `sk_test_${'B'.repeat(43)}` },
      });
      expect(bad.status).toBe(401);
      expect(bad.body.error_code).toBe('invalid_client');
    });

    describe('refuses bad requests with a specific code, and neither writes a row nor calls stk-service', () => {
      let m: Awaited<ReturnType<typeof merchantWithKey>>;
      let revokedSecret: string;
      beforeAll(async () => {
        m = await merchantWithKey();
        const other = await call<Body>('POST', '/v1/api-keys', { json: { mode: 'test' }, headers: { authorization: `Bearer ${m.session}` } });
        revokedSecret = other.body.api_secret;
        const revoked = await call<Body>('DELETE', `/v1/api-keys/${other.body.id}`, { headers: { authorization: `Bearer ${m.session}` } });
        expect(revoked.status).toBe(200);
        expect(revoked.body.revoked_at).toBeTruthy();
      });

      it.each([
        ['missing phone', { amount: 100, reference: 'INV-1' }, undefined, 400, 'invalid_phone'],
        ['amount 0', { ...push, amount: 0 }, undefined, 400, 'invalid_amount'],
        ['amount 1.5', { ...push, amount: 1.5 }, undefined, 400, 'invalid_amount'],
        ['amount 250001', { ...push, amount: 250_001 }, undefined, 400, 'invalid_amount'],
        ['amount "abc"', { ...push, amount: 'abc' }, undefined, 400, 'invalid_amount'],
        ['phone +15551234567', { ...push, phone: '+15551234567' }, undefined, 400, 'invalid_phone'],
        ['an unknown key', push, `sk_test_${'C'.repeat(43)}`, 401, 'invalid_api_key'],
        ['a revoked key', push, 'revoked', 401, 'invalid_api_key'],
      ])('%s', async (_, body, secretOverride, status, code) => {
        const callsBefore = stk.calls.length;
        const key = unique('idem');
        const secret = secretOverride === 'revoked' ? revokedSecret : (secretOverride ?? m.secret);
        const res = await call<Body>('POST', '/v1/stk-push', { json: body, headers: { authorization: `Bearer ${secret}`, 'idempotency-key': key } });
        expect(res.status).toBe(status);
        expect(res.body).toMatchObject({ success: false, error_code: code });
        expect(typeof res.body.message).toBe('string');
        expect(res.body.request_id).toBeTruthy();
        expect(res.text).not.toMatch(/at .*\.ts:\d+/); // no stack trace
        expect(stk.calls.length).toBe(callsBefore);
      });

      it('a revoked key takes its OAuth tokens with it', async () => {
        const fresh = await call<Body>('POST', '/v1/api-keys', { json: { mode: 'test' }, headers: { authorization: `Bearer ${m.session}` } });
        const token = await call<Body>('POST', '/v1/oauth/token', {
          json: { grant_type: 'client_credentials', client_id: fresh.body.api_key, client_secret: fresh.body.api_secret },
        });
        expect((await call('GET', '/v1/me', { headers: { authorization: `Bearer ${token.body.access_token}` } })).status).toBe(200);
        await call('DELETE', `/v1/api-keys/${fresh.body.id}`, { headers: { authorization: `Bearer ${m.session}` } });
        const after = await call<Body>('GET', '/v1/me', { headers: { authorization: `Bearer ${token.body.access_token}` } });
        expect(after.status).toBe(401);
        expect(after.body.error_code).toBe('invalid_api_key');
      });
    });

    describe('Idempotency-Key', () => {
      it('replays the stored response for the same key and body, and stk-service sees one call', async () => {
        const m = await merchantWithKey();
        const headers = { authorization: `Bearer ${m.secret}`, 'idempotency-key': unique('order-') };
        const callsBefore = stk.calls.length;
        const first = await call<Body>('POST', '/v1/stk-push', { json: push, headers });
        const second = await call<Body>('POST', '/v1/stk-push', {
          json: { reference: push.reference, description: push.description, amount: 100, phone: '0712345678' },
          headers,
        });
        expect(first.status).toBe(201);
        expect(second.status).toBe(201);
        expect(second.headers.get('idempotent-replayed')).toBe('true');
        expect(first.headers.get('idempotent-replayed')).toBeNull();
        expect(second.body).toEqual(first.body);
        expect(stk.calls.length).toBe(callsBefore + 1);
        expect(stk.calls.at(-1)?.idempotency_key).toBe(headers['idempotency-key']);
      });

      it('refuses the same key with a different body: 422 idempotency_key_reused', async () => {
        const m = await merchantWithKey();
        const headers = { authorization: `Bearer ${m.secret}`, 'idempotency-key': unique('order-') };
        expect((await call('POST', '/v1/stk-push', { json: push, headers })).status).toBe(201);
        const callsBefore = stk.calls.length;
        const res = await call<Body>('POST', '/v1/stk-push', { json: { ...push, amount: 101 }, headers });
        expect(res.status).toBe(422);
        expect(res.body.error_code).toBe('idempotency_key_reused');
        expect(stk.calls.length).toBe(callsBefore);
      });

      it('keeps a key whose outcome is unknown (a 5xx below): the same request runs again with the same key, another body is 422', async () => {
        const m = await merchantWithKey();
        const headers = { authorization: `Bearer ${m.secret}`, 'idempotency-key': unique('order-') };
        stk.failNext = new Error('stk-service crashed mid-push');
        const first = await call<Body>('POST', '/v1/stk-push', { json: push, headers });
        expect(first.status).toBe(502);
        const other = await call<Body>('POST', '/v1/stk-push', { json: { ...push, amount: 5 }, headers });
        expect(other.status).toBe(422);
        expect(other.body.error_code).toBe('idempotency_key_reused');
        const retry = await call<Body>('POST', '/v1/stk-push', { json: push, headers });
        expect(retry.status).toBe(201);
        // Both attempts carried the key, so stk-service (which de-duplicates by it) can never prompt twice.
        expect(stk.calls.slice(-2).map((c) => c.idempotency_key)).toEqual([headers['idempotency-key'], headers['idempotency-key']]);
      });

      it('answers a refused request the same way again: a 4xx outcome is final for its key', async () => {
        const m = await merchantWithKey();
        const headers = { authorization: `Bearer ${m.secret}`, 'idempotency-key': unique('order-') };
        const bad = await call<Body>('POST', '/v1/stk-push', { json: { ...push, phone: '123' }, headers });
        const again = await call<Body>('POST', '/v1/stk-push', { json: { ...push, phone: '123' }, headers });
        expect([bad.status, again.status]).toEqual([400, 400]);
        expect(again.body.error_code).toBe('invalid_phone');
        expect(again.headers.get('idempotent-replayed')).toBe('true');
      });

      it('answers 409 idempotency_key_in_progress while the first request still runs', async () => {
        const m = await merchantWithKey();
        const headers = { authorization: `Bearer ${m.secret}`, 'idempotency-key': unique('order-') };
        let release!: () => void;
        stk.gate = new Promise<void>((resolve) => (release = resolve));
        const callsBefore = stk.calls.length;
        try {
          const first = call<Body>('POST', '/v1/stk-push', { json: push, headers });
          await eventually(() => expect(stk.calls.length).toBe(callsBefore + 1));
          const second = await call<Body>('POST', '/v1/stk-push', { json: push, headers });
          expect(second.status).toBe(409);
          expect(second.body.error_code).toBe('idempotency_key_in_progress');
          release();
          expect((await first).status).toBe(201);
        } finally {
          stk.gate = undefined;
          release();
        }
        const replay = await call<Body>('POST', '/v1/stk-push', { json: push, headers });
        expect(replay.headers.get('idempotent-replayed')).toBe('true');
        expect(stk.calls.length).toBe(callsBefore + 1);
      });

      it('keeps keys per merchant: another merchant may use the same key', async () => {
        const a = await merchantWithKey();
        const b = await merchantWithKey();
        const key = unique('shared-');
        const ra = await call<Body>('POST', '/v1/stk-push', { json: push, headers: { authorization: `Bearer ${a.secret}`, 'idempotency-key': key } });
        const rb = await call<Body>('POST', '/v1/stk-push', { json: push, headers: { authorization: `Bearer ${b.secret}`, 'idempotency-key': key } });
        expect(rb.headers.get('idempotent-replayed')).toBeNull();
        expect(rb.body.transaction_id).not.toBe(ra.body.transaction_id);
      });
    });
  });

  describe('transactions', () => {
    it("returns the merchant's own transaction by id and by checkout_request_id, and 404 for another merchant's", async () => {
      const a = await merchantWithKey();
      const b = await merchantWithKey();
      const pushed = await call<Body>('POST', '/v1/stk-push', {
        json: { phone: '0712345678', amount: 5, reference: 'R1' },
        headers: { authorization: `Bearer ${a.secret}` },
      });
      const id = pushed.body.transaction_id;

      const own = await call<Body>('GET', `/v1/transactions/${id}`, { headers: { authorization: `Bearer ${a.secret}` } });
      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({ success: true, transaction_id: id, status: 'pending', amount: 5, phone: '254712345678', reference: 'R1' });

      const byCheckout = await call<Body>('POST', '/v1/stk-push/status', {
        json: { checkout_request_id: pushed.body.checkout_request_id },
        headers: { authorization: `Bearer ${a.secret}` },
      });
      expect(byCheckout.status).toBe(200);
      expect(byCheckout.body.transaction_id).toBe(id);

      const other = await call<Body>('GET', `/v1/transactions/${id}`, { headers: { authorization: `Bearer ${b.secret}` } });
      expect(other.status).toBe(404);
      expect(other.body).toMatchObject({ success: false, error_code: 'transaction_not_found' });
      expect(stk.lookups.at(-1)).toMatchObject({ merchant_id: b.merchantId, mode: 'test', transaction_id: id });
    });
  });

  describe('balance and webhook endpoints', () => {
    it('answers balances in KES from the ledger minor units', async () => {
      const m = await merchantWithKey();
      const res = await call<Body>('GET', '/v1/balance', { headers: { authorization: `Bearer ${m.secret}` } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ success: true, currency: 'KES', service_wallet: 1450.5, b2c_wallet: 0, collections: 10000 });
      expect(res.body.wallets.service_wallet).toEqual({ available: 1450.5, held: 50, total: 1500.5 });
      expect(res.body.own_shortcode_collections).toBe(2500);
    });

    it("pages a wallet's statement of the key's mode, in KES with the balance after each entry", async () => {
      const m = await merchantWithKey();
      const res = await call<Body>('GET', '/v1/wallets/collections/statement?page=2&limit=10', { headers: { authorization: `Bearer ${m.secret}` } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ wallet: 'collections', mode: 'test', pagination: { current_page: 2, per_page: 10, total_items: 25, total_pages: 3 } });
      expect(res.body.data[0]).toMatchObject({ transfer_id: 'tr_15', type: 'stk_collection', direction: 'credit', amount: 10, balance_after: 150 });
      expect(ledger.statementCalls.at(-1)).toMatchObject({ merchant_id: m.merchantId, mode: 'test', wallet: 'collections', page: 2, limit: 10 });
      const unknown = await call<Body>('GET', '/v1/wallets/savings/statement', { headers: { authorization: `Bearer ${m.secret}` } });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error_code).toBe('wallet_not_found');
    });

    it('streams every statement entry as CSV with ?format=csv, quoting as CSV does', async () => {
      const m = await merchantWithKey();
      const res = await call('GET', '/v1/wallets/collections/statement?format=csv', { headers: { authorization: `Bearer ${m.secret}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="collections-test-statement.csv"/);
      const lines = res.text.trim().split('\n');
      expect(lines[0]).toBe('created_at,transfer_id,type,direction,amount,balance_after,reference,cause_type,cause_id');
      expect(lines).toHaveLength(26);
      expect(lines[1]).toContain('"ABC, ""quoted"""');
      expect(lines[25]).toContain('tr_1,stk_collection,credit,10,10,R1');
    });

    it('asks the ledger for the collections of the key’s mode: a test key never sees live money', async () => {
      const m = await merchantWithKey();
      const res = await call<Body>('GET', '/v1/balance', { headers: { authorization: `Bearer ${m.secret}` } });
      expect(res.body.mode).toBe('test');
      expect(ledger.modes.at(-1)).toBe(res.body.mode);
    });

    it('creates a webhook endpoint in webhook-dispatcher for the calling merchant and shows its secret', async () => {
      const m = await merchantWithKey();
      const res = await call<Body>('POST', '/v1/webhook-endpoints', {
        json: { url: 'https://merchant.example.com/hooks', events: ['payment.completed'] },
        headers: { authorization: `Bearer ${m.secret}` },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ success: true, url: 'https://merchant.example.com/hooks', events: ['payment.completed'] });
      expect(res.body.secret).toMatch(/^whsec_/);
      expect(webhooks.created.at(-1)).toMatchObject({ merchant_id: m.merchantId, url: 'https://merchant.example.com/hooks' });
      const list = await call<Body>('GET', '/v1/webhook-endpoints', { headers: { authorization: `Bearer ${m.secret}` } });
      expect(list.body.data).toHaveLength(1);
      await call('POST', '/v1/webhook-endpoints', { json: { url: 'https://merchant.example.com/other' }, headers: { authorization: `Bearer ${m.secret}` } });
      const paged = await call<Body>('GET', '/v1/webhook-endpoints?limit=1&page=2', { headers: { authorization: `Bearer ${m.secret}` } });
      expect(paged.body.data).toHaveLength(1);
      expect(paged.body.pagination).toEqual({ current_page: 2, per_page: 1, total_items: 2, total_pages: 2 });
    });

    it('refuses an unknown event type before calling webhook-dispatcher', async () => {
      const m = await merchantWithKey();
      const before = webhooks.created.length;
      const res = await call<Body>('POST', '/v1/webhook-endpoints', {
        json: { url: 'https://x.example.com', events: ['payment.maybe'] },
        headers: { authorization: `Bearer ${m.secret}` },
      });
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBe('validation_error');
      expect(webhooks.created.length).toBe(before);
    });

    it('maps a command nobody handles to the remote error, not a 500', async () => {
      // Every gateway route's command has a fake handler, so this asks the gateway's own RPC client for one nobody handles.
      const upstream = h.gateway.get(UpstreamClient);
      await expect(
        upstream.request('webhook-dispatcher', 'webhook.no_such_command', {}, { correlationId: 'req_test', merchantId: 'm_1' }),
      ).rejects.toMatchObject({
        code: 'unknown_command',
        status: 501,
      });
    });
  });
});
