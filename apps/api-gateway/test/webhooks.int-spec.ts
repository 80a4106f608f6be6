import { type Body, type GatewayHarness, startGateway } from './gateway-harness';

// Sign-ups hash with argon2 and every route is a real RPC round trip to the fake webhook-dispatcher.
jest.setTimeout(30_000);

/**
 * The gateway's webhook routes (real Postgres, RabbitMQ and Redis; webhook-dispatcher faked over real
 * RPC by test/fakes.ts): what each route sends (merchant and the credential's mode), how it shapes
 * the answer, what it refuses before calling, and that the dispatcher's errors pass through.
 */
describe('webhook routes (api-gateway)', () => {
  let h: GatewayHarness;
  type Merchant = Awaited<ReturnType<GatewayHarness['merchantWithKey']>>;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const live = (session: string) => ({ ...bearer(session), 'x-lipa-mode': 'live' });

  beforeAll(async () => {
    h = await startGateway('webhooks', { RATE_LIMIT_AUTH_PER_IP_PER_MINUTE: '100000' });
  });

  afterAll(async () => {
    await h.stop();
  });

  /** A merchant approved for live, with its test key; its session acts live with X-Lipa-Mode: live. */
  async function liveMerchant(): Promise<Merchant> {
    const m = await h.merchantWithKey();
    await h.pg.query('UPDATE gateway.merchants SET live_approved_at = now() WHERE id = $1', [m.merchantId]);
    return m;
  }

  async function createEndpoint(headers: Record<string, string>, json: Body = { url: 'https://shop.example.com/hooks' }): Promise<Body> {
    const res = await h.call<Body>('POST', '/v1/webhook-endpoints', { json, headers });
    expect(res.status).toBe(201);
    return res.body;
  }

  const lastCommand = (command: string) => [...h.webhooks.commands].reverse().find((c) => c.command === command)?.payload;

  describe('POST /v1/webhook-endpoints', () => {
    it("creates a test key's endpoint in test mode, shows the secret once, at the top level, and is not cached", async () => {
      const m = await h.merchantWithKey();
      const res = await h.call<Body>('POST', '/v1/webhook-endpoints', {
        json: { url: 'https://shop.example.com/hooks', events: ['payment.completed'], description: 'Orders' },
        headers: bearer(m.secret),
      });
      expect(res.status).toBe(201);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.body).toMatchObject({
        success: true,
        id: expect.stringMatching(/^we_/),
        mode: 'test',
        url: 'https://shop.example.com/hooks',
        events: ['payment.completed'],
        description: 'Orders',
        status: 'enabled',
        disabled_reason: null,
        secret: expect.stringMatching(/^whsec_/),
      });
      expect(lastCommand('webhook.endpoint.create')).toEqual({
        merchant_id: m.merchantId,
        mode: 'test',
        url: 'https://shop.example.com/hooks',
        events: ['payment.completed'],
        description: 'Orders',
      });
    });

    it('creates a live endpoint for a portal session that asks for live mode, and a test one without the header', async () => {
      const m = await liveMerchant();
      expect((await createEndpoint(live(m.session))).mode).toBe('live');
      expect(lastCommand('webhook.endpoint.create')).toMatchObject({ merchant_id: m.merchantId, mode: 'live' });
      expect((await createEndpoint(bearer(m.session))).mode).toBe('test');
    });

    it('refuses a live session before the merchant is approved for live, without calling webhook-dispatcher', async () => {
      const m = await h.merchantWithKey();
      const before = h.webhooks.commands.length;
      const res = await h.call<Body>('POST', '/v1/webhook-endpoints', { json: { url: 'https://shop.example.com/hooks' }, headers: live(m.session) });
      expect(res.status).toBe(403);
      expect(res.body.error_code).toBe('live_not_approved');
      expect(h.webhooks.commands.length).toBe(before);
    });

    it.each([
      ['no url', {}],
      ['a url that is not a string', { url: 42 }],
      ['an unknown event type', { url: 'https://x.example.com', events: ['payment.maybe'] }],
      ['webhook.test as a filter', { url: 'https://x.example.com', events: ['webhook.test'] }],
      ['a repeated event type', { url: 'https://x.example.com', events: ['payment.failed', 'payment.failed'] }],
      ['events as null', { url: 'https://x.example.com', events: null }],
      ['an unknown field', { url: 'https://x.example.com', secret: 'whsec_mine' }],
      ['a url over 2048 characters', { url: `https://x.example.com/${'a'.repeat(2048)}` }],
    ])('refuses %s with validation_error before calling webhook-dispatcher', async (_case, json) => {
      const m = await h.merchantWithKey();
      const before = h.webhooks.commands.length;
      const res = await h.call<Body>('POST', '/v1/webhook-endpoints', { json, headers: bearer(m.secret) });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ success: false, error_code: 'validation_error', request_id: expect.any(String) });
      expect(h.webhooks.commands.length).toBe(before);
    });

    it("passes webhook-dispatcher's invalid_webhook_url and webhook_endpoint_limit_reached through", async () => {
      const m = await liveMerchant();
      const plain = await h.call<Body>('POST', '/v1/webhook-endpoints', { json: { url: 'http://shop.example.com/hooks' }, headers: live(m.session) });
      expect(plain.status).toBe(400);
      expect(plain.body).toMatchObject({ success: false, error_code: 'invalid_webhook_url' });

      h.webhooks.maxEndpointsPerMerchant = 1;
      try {
        await createEndpoint(bearer(m.secret));
        const over = await h.call<Body>('POST', '/v1/webhook-endpoints', { json: { url: 'https://shop.example.com/2' }, headers: bearer(m.secret) });
        expect(over.status).toBe(422);
        expect(over.body.error_code).toBe('webhook_endpoint_limit_reached');
      } finally {
        h.webhooks.maxEndpointsPerMerchant = 10;
      }
    });

    it('refuses a request without credentials', async () => {
      const res = await h.call<Body>('POST', '/v1/webhook-endpoints', { json: { url: 'https://shop.example.com/hooks' } });
      expect(res.status).toBe(401);
      expect(res.body.error_code).toBe('unauthorized');
    });
  });

  describe('GET /v1/webhook-endpoints', () => {
    it("lists only the credential's mode, newest first, with true pagination", async () => {
      const m = await liveMerchant();
      const first = await createEndpoint(bearer(m.secret), { url: 'https://shop.example.com/1' });
      const second = await createEndpoint(bearer(m.secret), { url: 'https://shop.example.com/2' });
      const liveOne = await createEndpoint(live(m.session), { url: 'https://shop.example.com/live' });

      const page1 = await h.call<Body>('GET', '/v1/webhook-endpoints?limit=1', { headers: bearer(m.secret) });
      expect(page1.status).toBe(200);
      expect(page1.body).toMatchObject({ success: true, pagination: { current_page: 1, per_page: 1, total_items: 2, total_pages: 2 } });
      expect(page1.body.data.map((e: Body) => e.id)).toEqual([second.id]);
      expect(page1.body.data[0]).not.toHaveProperty('secret');
      const page2 = await h.call<Body>('GET', '/v1/webhook-endpoints?limit=1&page=2', { headers: bearer(m.secret) });
      expect(page2.body.data.map((e: Body) => e.id)).toEqual([first.id]);
      expect(lastCommand('webhook.endpoint.list')).toEqual({ merchant_id: m.merchantId, mode: 'test', page: 2, limit: 1 });

      const liveList = await h.call<Body>('GET', '/v1/webhook-endpoints', { headers: live(m.session) });
      expect(liveList.body.data.map((e: Body) => e.id)).toEqual([liveOne.id]);
      expect(liveList.body.pagination.total_items).toBe(1);
    });

    it.each(['limit=101', 'limit=0', 'page=0', 'page=x'])('refuses ?%s with validation_error', async (query) => {
      const m = await h.merchantWithKey();
      const res = await h.call<Body>('GET', `/v1/webhook-endpoints?${query}`, { headers: bearer(m.secret) });
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBe('validation_error');
    });
  });

  describe('one endpoint: GET, PATCH, DELETE, rotate-secret, test', () => {
    it("reads, changes, rotates, tests and deletes the merchant's own endpoint", async () => {
      const m = await h.merchantWithKey();
      const created = await createEndpoint(bearer(m.secret));
      const path = `/v1/webhook-endpoints/${created.id}`;

      const got = await h.call<Body>('GET', path, { headers: bearer(m.secret) });
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ success: true, id: created.id, mode: 'test', url: 'https://shop.example.com/hooks' });
      expect(got.body).not.toHaveProperty('secret');
      expect(lastCommand('webhook.endpoint.get')).toEqual({ merchant_id: m.merchantId, mode: 'test', endpoint_id: created.id });

      const changed = await h.call<Body>('PATCH', path, {
        json: { url: 'https://shop.example.com/v2', events: ['payment.failed'], description: null },
        headers: bearer(m.secret),
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ success: true, id: created.id, url: 'https://shop.example.com/v2', events: ['payment.failed'], description: null });
      expect(lastCommand('webhook.endpoint.update')).toEqual({
        merchant_id: m.merchantId,
        mode: 'test',
        endpoint_id: created.id,
        url: 'https://shop.example.com/v2',
        events: ['payment.failed'],
        description: null,
      });

      const rotated = await h.call<Body>('POST', `${path}/rotate-secret`, { headers: bearer(m.secret) });
      expect(rotated.status).toBe(200);
      expect(rotated.headers.get('cache-control')).toBe('no-store');
      expect(rotated.body).toMatchObject({
        success: true,
        id: created.id,
        secret: expect.stringMatching(/^whsec_/),
        previous_secret_expires_at: expect.any(String),
      });
      expect(rotated.body.secret).not.toBe(created.secret);

      const sent = await h.call<Body>('POST', `${path}/test`, { headers: bearer(m.secret) });
      expect(sent.status).toBe(202);
      expect(sent.body).toMatchObject({ success: true, delivery_id: expect.stringMatching(/^wd_/), event_id: expect.any(String) });
      expect(lastCommand('webhook.endpoint.test')).toEqual({ merchant_id: m.merchantId, mode: 'test', endpoint_id: created.id });

      const deleted = await h.call<Body>('DELETE', path, { headers: bearer(m.secret) });
      expect(deleted.status).toBe(200);
      expect(deleted.body).toEqual({ success: true, message: 'Webhook endpoint deleted', id: created.id, deleted: true });
      const gone = await h.call<Body>('GET', path, { headers: bearer(m.secret) });
      expect(gone.status).toBe(404);
      expect(gone.body.error_code).toBe('webhook_endpoint_not_found');
    });

    it('disables and re-enables; a disabled endpoint cannot be tested', async () => {
      const m = await h.merchantWithKey();
      const created = await createEndpoint(bearer(m.secret));
      const path = `/v1/webhook-endpoints/${created.id}`;

      const off = await h.call<Body>('PATCH', path, { json: { enabled: false }, headers: bearer(m.secret) });
      expect(off.body).toMatchObject({ status: 'disabled', disabled_reason: 'merchant', disabled_at: expect.any(String) });
      const refused = await h.call<Body>('POST', `${path}/test`, { headers: bearer(m.secret) });
      expect(refused.status).toBe(409);
      expect(refused.body.error_code).toBe('webhook_endpoint_disabled');

      const on = await h.call<Body>('PATCH', path, { json: { enabled: true }, headers: bearer(m.secret) });
      expect(on.body).toMatchObject({ status: 'enabled', disabled_reason: null, disabled_at: null, failing_since: null });
      expect(lastCommand('webhook.endpoint.update')).toEqual({ merchant_id: m.merchantId, mode: 'test', endpoint_id: created.id, enabled: true });
    });

    it.each([
      ['an empty body', {}],
      ['enabled as a string', { enabled: 'yes' }],
      ['url as null', { url: null }],
      ['an unknown event type', { events: ['payment.maybe'] }],
      ['an unknown field', { status: 'enabled' }],
    ])('refuses a PATCH with %s with validation_error before calling webhook-dispatcher', async (_case, json) => {
      const m = await h.merchantWithKey();
      const created = await createEndpoint(bearer(m.secret));
      const before = h.webhooks.commands.length;
      const res = await h.call<Body>('PATCH', `/v1/webhook-endpoints/${created.id}`, { json, headers: bearer(m.secret) });
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBe('validation_error');
      expect(h.webhooks.commands.length).toBe(before);
    });

    it("answers 404 for another merchant's endpoint and for the other mode's, on every route", async () => {
      const owner = await liveMerchant();
      const other = await h.merchantWithKey();
      const testEndpoint = await createEndpoint(bearer(owner.secret));
      const liveEndpoint = await createEndpoint(live(owner.session));
      const attempts: [string, string, Record<string, string>][] = [
        [testEndpoint.id, 'another merchant', bearer(other.secret)],
        [liveEndpoint.id, 'the test key of the live endpoint’s owner', bearer(owner.secret)],
        [testEndpoint.id, 'the live session of the test endpoint’s owner', live(owner.session)],
      ];
      for (const [id, _who, headers] of attempts) {
        const routes: [string, string, Body | undefined][] = [
          ['GET', `/v1/webhook-endpoints/${id}`, undefined],
          ['PATCH', `/v1/webhook-endpoints/${id}`, { enabled: false }],
          ['POST', `/v1/webhook-endpoints/${id}/rotate-secret`, undefined],
          ['POST', `/v1/webhook-endpoints/${id}/test`, undefined],
          ['GET', `/v1/webhook-endpoints/${id}/deliveries`, undefined],
          ['POST', `/v1/webhook-endpoints/${id}/recover`, { since: '2026-01-01T00:00:00Z' }],
          ['DELETE', `/v1/webhook-endpoints/${id}`, undefined],
        ];
        for (const [method, path, json] of routes) {
          const res = await h.call<Body>(method, path, { json, headers });
          expect({ method, path, status: res.status, code: res.body.error_code }).toEqual({ method, path, status: 404, code: 'webhook_endpoint_not_found' });
        }
      }
      // Nothing changed: the owner still sees both, enabled.
      expect((await h.call<Body>('GET', `/v1/webhook-endpoints/${testEndpoint.id}`, { headers: bearer(owner.secret) })).body.status).toBe('enabled');
      expect((await h.call<Body>('GET', `/v1/webhook-endpoints/${liveEndpoint.id}`, { headers: live(owner.session) })).body.status).toBe('enabled');
    });

    it('answers an id that cannot name an endpoint with 404 without calling webhook-dispatcher', async () => {
      const m = await h.merchantWithKey();
      const before = h.webhooks.commands.length;
      for (const id of ['we_' + 'a'.repeat(80), 'we-1%3B', '%20']) {
        const res = await h.call<Body>('GET', `/v1/webhook-endpoints/${id}`, { headers: bearer(m.secret) });
        expect(res.status).toBe(404);
        expect(res.body.error_code).toBe('webhook_endpoint_not_found');
      }
      expect(h.webhooks.commands.length).toBe(before);
    });
  });

  describe('deliveries: the log, recover, retry', () => {
    it('pages the log and passes status, event_type, from and to on', async () => {
      const m = await h.merchantWithKey();
      const endpoint = await createEndpoint(bearer(m.secret));
      const older = h.webhooks.addDelivery(endpoint.id, { status: 'failed' });
      const newer = h.webhooks.addDelivery(endpoint.id, { status: 'delivered', last_status_code: 200 });

      const all = await h.call<Body>('GET', `/v1/webhook-endpoints/${endpoint.id}/deliveries`, { headers: bearer(m.secret) });
      expect(all.status).toBe(200);
      expect(all.body).toMatchObject({ success: true, pagination: { current_page: 1, per_page: 10, total_items: 2, total_pages: 1 } });
      expect(all.body.data.map((d: Body) => d.id)).toEqual([newer.id, older.id]);
      expect(all.body.data[1].attempt_log).toEqual(older.attempt_log);

      const filtered = await h.call<Body>(
        'GET',
        `/v1/webhook-endpoints/${endpoint.id}/deliveries?status=failed&event_type=payment.completed&from=2026-01-01T00:00:00Z&to=2099-01-01&limit=100`,
        { headers: bearer(m.secret) },
      );
      expect(filtered.status).toBe(200);
      expect(filtered.body.data.map((d: Body) => d.id)).toEqual([older.id]);
      expect(lastCommand('webhook.delivery.list')).toEqual({
        merchant_id: m.merchantId,
        mode: 'test',
        endpoint_id: endpoint.id,
        page: 1,
        limit: 100,
        status: 'failed',
        event_type: 'payment.completed',
        from: '2026-01-01T00:00:00Z',
        to: '2099-01-01',
      });
    });

    it.each(['status=lost', 'event_type=payment.maybe', 'from=yesterday', 'to=2026-13-01', 'limit=101', 'page=-1', 'colour=red'])(
      'refuses ?%s with validation_error before calling webhook-dispatcher',
      async (query) => {
        const m = await h.merchantWithKey();
        const endpoint = await createEndpoint(bearer(m.secret));
        const before = h.webhooks.commands.length;
        const res = await h.call<Body>('GET', `/v1/webhook-endpoints/${endpoint.id}/deliveries?${query}`, { headers: bearer(m.secret) });
        expect(res.status).toBe(400);
        expect(res.body.error_code).toBe('validation_error');
        expect(h.webhooks.commands.length).toBe(before);
      },
    );

    it('recovers the failed deliveries since a time; refuses a missing or malformed since', async () => {
      const m = await h.merchantWithKey();
      const endpoint = await createEndpoint(bearer(m.secret));
      h.webhooks.addDelivery(endpoint.id, { status: 'failed' });
      h.webhooks.addDelivery(endpoint.id, { status: 'failed', created_at: '2020-01-01T00:00:00.000Z' });
      const path = `/v1/webhook-endpoints/${endpoint.id}/recover`;

      const res = await h.call<Body>('POST', path, { json: { since: '2026-01-01T00:00:00Z' }, headers: bearer(m.secret) });
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ success: true, endpoint_id: endpoint.id, resent: 1 });
      expect(lastCommand('webhook.endpoint.recover')).toEqual({
        merchant_id: m.merchantId,
        mode: 'test',
        endpoint_id: endpoint.id,
        since: '2026-01-01T00:00:00Z',
      });

      for (const json of [{}, { since: 'last week' }, { since: 1764000000 }]) {
        const bad = await h.call<Body>('POST', path, { json, headers: bearer(m.secret) });
        expect(bad.status).toBe(400);
        expect(bad.body.error_code).toBe('validation_error');
      }

      await h.call('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { json: { enabled: false }, headers: bearer(m.secret) });
      const disabled = await h.call<Body>('POST', path, { json: { since: '2026-01-01T00:00:00Z' }, headers: bearer(m.secret) });
      expect(disabled.status).toBe(409);
      expect(disabled.body.error_code).toBe('webhook_endpoint_disabled');
    });

    it("retries the merchant's own delivery of its mode; another merchant's or mode's is 404", async () => {
      const owner = await liveMerchant();
      const other = await h.merchantWithKey();
      const endpoint = await createEndpoint(bearer(owner.secret));
      const delivery = h.webhooks.addDelivery(endpoint.id, { status: 'failed' });
      const path = `/v1/webhook-deliveries/${delivery.id}/retry`;

      for (const headers of [bearer(other.secret), live(owner.session)]) {
        const res = await h.call<Body>('POST', path, { headers });
        expect(res.status).toBe(404);
        expect(res.body.error_code).toBe('webhook_delivery_not_found');
      }
      const notAnId = await h.call<Body>('POST', `/v1/webhook-deliveries/${'x'.repeat(65)}/retry`, { headers: bearer(owner.secret) });
      expect(notAnId.status).toBe(404);
      expect(notAnId.body.error_code).toBe('webhook_delivery_not_found');

      const res = await h.call<Body>('POST', path, { headers: bearer(owner.secret) });
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ success: true, id: delivery.id, endpoint_id: endpoint.id, status: 'pending', event_id: delivery.event_id });
      expect(lastCommand('webhook.delivery.retry')).toEqual({ merchant_id: owner.merchantId, mode: 'test', delivery_id: delivery.id });
    });
  });

  describe('the merchant-wide log: GET /v1/webhook-deliveries and /v1/webhook-deliveries/{id}', () => {
    it("lists the credential's mode's deliveries, to endpoints and to callback URLs, newest first, and passes every filter on", async () => {
      const m = await liveMerchant();
      const other = await h.merchantWithKey();
      const endpoint = await createEndpoint(bearer(m.secret));
      const toEndpoint = h.webhooks.addDelivery(endpoint.id, { status: 'failed' });
      const toCallback = h.webhooks.addCallbackDelivery(m.merchantId, 'test', 'https://shop.example.com/cb/order-7');
      const liveOne = h.webhooks.addCallbackDelivery(m.merchantId, 'live', 'https://shop.example.com/cb/live');
      h.webhooks.addCallbackDelivery(other.merchantId, 'test', 'https://other.example.com/cb');

      const all = await h.call<Body>('GET', '/v1/webhook-deliveries', { headers: bearer(m.secret) });
      expect(all.status).toBe(200);
      expect(all.body).toMatchObject({
        success: true,
        message: 'Webhook deliveries retrieved',
        pagination: { current_page: 1, per_page: 10, total_items: 2, total_pages: 1 },
      });
      expect(all.body.data.map((d: Body) => d.id)).toEqual([toCallback.id, toEndpoint.id]);
      expect(all.body.data[0]).toMatchObject({ endpoint_id: null, callback_url: 'https://shop.example.com/cb/order-7', attempt_log: toCallback.attempt_log });
      expect(lastCommand('webhook.delivery.list_all')).toEqual({ merchant_id: m.merchantId, mode: 'test', page: 1, limit: 10 });

      const callbacks = await h.call<Body>('GET', '/v1/webhook-deliveries?destination=callback_url', { headers: bearer(m.secret) });
      expect(callbacks.body.data.map((d: Body) => d.id)).toEqual([toCallback.id]);
      expect(callbacks.body.pagination.total_items).toBe(1);
      const page2 = await h.call<Body>('GET', '/v1/webhook-deliveries?limit=1&page=2', { headers: bearer(m.secret) });
      expect(page2.body.data.map((d: Body) => d.id)).toEqual([toEndpoint.id]);
      expect(page2.body.pagination).toEqual({ current_page: 2, per_page: 1, total_items: 2, total_pages: 2 });

      const liveLog = await h.call<Body>('GET', '/v1/webhook-deliveries', { headers: live(m.session) });
      expect(liveLog.body.data.map((d: Body) => d.id)).toEqual([liveOne.id]);
      expect(lastCommand('webhook.delivery.list_all')).toMatchObject({ merchant_id: m.merchantId, mode: 'live' });

      const filtered = await h.call<Body>(
        'GET',
        `/v1/webhook-deliveries?status=failed&event_type=payment.completed&from=2026-01-01T00:00:00Z&to=2099-01-01&endpoint_id=${endpoint.id}&destination=endpoint&limit=100&page=1`,
        { headers: bearer(m.secret) },
      );
      expect(filtered.status).toBe(200);
      expect(filtered.body.data.map((d: Body) => d.id)).toEqual([toEndpoint.id]);
      expect(lastCommand('webhook.delivery.list_all')).toEqual({
        merchant_id: m.merchantId,
        mode: 'test',
        page: 1,
        limit: 100,
        status: 'failed',
        event_type: 'payment.completed',
        from: '2026-01-01T00:00:00Z',
        to: '2099-01-01',
        endpoint_id: endpoint.id,
        destination: 'endpoint',
      });
    });

    it.each([
      'destination=email',
      'destination=',
      'endpoint_id=we-1%3B',
      `endpoint_id=we_${'a'.repeat(80)}`,
      'status=lost',
      'event_type=payment.maybe',
      'from=yesterday',
      'to=2026-13-01',
      'limit=101',
      'page=0',
      'colour=red',
    ])('refuses ?%s with validation_error before calling webhook-dispatcher', async (query) => {
      const m = await h.merchantWithKey();
      const before = h.webhooks.commands.length;
      const res = await h.call<Body>('GET', `/v1/webhook-deliveries?${query}`, { headers: bearer(m.secret) });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ success: false, error_code: 'validation_error' });
      expect(h.webhooks.commands.length).toBe(before);
    });

    it("gets the merchant's own delivery of its mode with its attempt log; another merchant's or mode's is 404", async () => {
      const owner = await liveMerchant();
      const other = await h.merchantWithKey();
      const delivery = h.webhooks.addCallbackDelivery(owner.merchantId, 'test', 'https://shop.example.com/cb/order-9', {
        status: 'failed',
        attempts: 2,
        last_status_code: 502,
        attempt_log: [
          { attempt: 1, attempted_at: '2026-11-24T09:31:01.870Z', status_code: 502, duration_ms: 30, error: 'http_502', response_excerpt: 'bad gateway' },
          { attempt: 2, attempted_at: '2026-11-24T09:31:07.100Z', status_code: 502, duration_ms: 28, error: 'http_502', response_excerpt: 'bad gateway' },
        ],
      });
      const path = `/v1/webhook-deliveries/${delivery.id}`;

      const res = await h.call<Body>('GET', path, { headers: bearer(owner.secret) });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ success: true, message: 'Webhook delivery retrieved', ...delivery });
      expect(lastCommand('webhook.delivery.get')).toEqual({ merchant_id: owner.merchantId, mode: 'test', delivery_id: delivery.id });

      for (const headers of [bearer(other.secret), live(owner.session)]) {
        const hidden = await h.call<Body>('GET', path, { headers });
        expect(hidden.status).toBe(404);
        expect(hidden.body).toMatchObject({ success: false, error_code: 'webhook_delivery_not_found' });
      }
      const unknown = await h.call<Body>('GET', '/v1/webhook-deliveries/wd_nope', { headers: bearer(owner.secret) });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error_code).toBe('webhook_delivery_not_found');

      const before = h.webhooks.commands.length;
      const notAnId = await h.call<Body>('GET', `/v1/webhook-deliveries/${'x'.repeat(65)}`, { headers: bearer(owner.secret) });
      expect(notAnId.status).toBe(404);
      expect(notAnId.body.error_code).toBe('webhook_delivery_not_found');
      expect(h.webhooks.commands.length).toBe(before);
    });

    it('needs credentials', async () => {
      expect((await h.call<Body>('GET', '/v1/webhook-deliveries')).status).toBe(401);
      expect((await h.call<Body>('GET', '/v1/webhook-deliveries/wd_fake1')).status).toBe(401);
    });
  });

  describe('the callback signing secret', () => {
    it('is one per merchant and mode, the same until rotated', async () => {
      const m = await liveMerchant();
      const other = await h.merchantWithKey();

      const first = await h.call<Body>('GET', '/v1/webhook-signing-secret', { headers: bearer(m.secret) });
      expect(first.status).toBe(200);
      expect(first.headers.get('cache-control')).toBe('no-store');
      expect(first.body).toMatchObject({ success: true, mode: 'test', secret: expect.stringMatching(/^whsec_/), previous_secret_expires_at: null });
      expect(lastCommand('webhook.signing_secret.get')).toEqual({ merchant_id: m.merchantId, mode: 'test' });
      const again = await h.call<Body>('GET', '/v1/webhook-signing-secret', { headers: bearer(m.session) });
      expect(again.body.secret).toBe(first.body.secret);

      const liveSecret = await h.call<Body>('GET', '/v1/webhook-signing-secret', { headers: live(m.session) });
      expect(liveSecret.body.mode).toBe('live');
      expect(liveSecret.body.secret).not.toBe(first.body.secret);
      const others = await h.call<Body>('GET', '/v1/webhook-signing-secret', { headers: bearer(other.secret) });
      expect(others.body.secret).not.toBe(first.body.secret);

      const rotated = await h.call<Body>('POST', '/v1/webhook-signing-secret/rotate', { headers: bearer(m.secret) });
      expect(rotated.status).toBe(200);
      expect(rotated.body).toMatchObject({ success: true, mode: 'test', previous_secret_expires_at: expect.any(String) });
      expect(rotated.body.secret).not.toBe(first.body.secret);
      expect(lastCommand('webhook.signing_secret.rotate')).toEqual({ merchant_id: m.merchantId, mode: 'test' });
      expect((await h.call<Body>('GET', '/v1/webhook-signing-secret', { headers: live(m.session) })).body.secret).toBe(liveSecret.body.secret);
    });

    it('needs credentials', async () => {
      expect((await h.call<Body>('GET', '/v1/webhook-signing-secret')).status).toBe(401);
      expect((await h.call<Body>('POST', '/v1/webhook-signing-secret/rotate')).status).toBe(401);
    });
  });

  describe("a push's callback_url", () => {
    const push = { phone: '0712345678', amount: 100, reference: 'INV-1' };

    it('follows the rule every webhook destination follows: absolute http(s), https for live, checked before stk-service is called', async () => {
      const m = await liveMerchant();
      const before = h.stk.calls.length;
      for (const [headers, url] of [
        [bearer(m.secret), 'ftp://shop.example.com/cb'],
        [bearer(m.secret), 'https://user:pw@shop.example.com/cb'],
        [live(m.session), 'http://shop.example.com/cb'],
      ] as const) {
        const res = await h.call<Body>('POST', '/v1/stk-push', { json: { ...push, callback_url: url }, headers });
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ success: false, error_code: 'invalid_webhook_url', message: expect.stringContaining('callback_url') });
      }
      expect(h.stk.calls.length).toBe(before);
      const ok = await h.call<Body>('POST', '/v1/stk-push', { json: { ...push, callback_url: 'http://shop.example.com/cb' }, headers: bearer(m.secret) });
      expect(ok.status).toBe(201);
      expect(h.stk.calls.at(-1)).toMatchObject({ mode: 'test', callback_url: 'http://shop.example.com/cb' });
    });
  });
});
