import type {
  ApiMode,
  WebhookEndpointCreated,
  WebhookEndpointView,
  WebhookListPage,
  WebhookSecretRotated,
  WebhookSigningSecretView,
  WebhookTestSent,
} from '@lipa/contracts';
import { WebhookDispatcherConfig } from '../src/config';
import { EndpointRepository, type EndpointRow } from '../src/endpoints/endpoint.repository';
import { decryptSecret, parseEncryptionKey } from '../src/endpoints/secret-cipher';
import { SigningSecretRepository } from '../src/endpoints/signing-secret.repository';
import { Harness, merchantId } from './harness';

jest.setTimeout(30_000);

const MAX_ENDPOINTS = 4;
const OVERLAP_MS = 2 * 60 * 60 * 1_000;

/**
 * The endpoint and signing-secret RPCs (webhook.endpoint.*, webhook.signing_secret.*) through the
 * broker as api-gateway sends them, against the real dispatcher on its own database and prefix; and
 * the EndpointRepository rules the delivery engine relies on.
 */
describe('webhook endpoints and signing secrets (RPC, real Postgres and RabbitMQ)', () => {
  const h = new Harness();
  let key: Buffer;

  beforeAll(async () => {
    await h.start({ WEBHOOK_MAX_ENDPOINTS_PER_MERCHANT: String(MAX_ENDPOINTS), WEBHOOK_SECRET_OVERLAP_MS: String(OVERLAP_MS) });
    key = parseEncryptionKey(h.app.get(WebhookDispatcherConfig).WEBHOOK_SECRET_ENCRYPTION_KEY);
  });

  afterAll(() => h.stop());

  const create = (merchant: string, mode: ApiMode, url: string, extra: Record<string, unknown> = {}) =>
    h.request<WebhookEndpointCreated>('webhook.endpoint.create', { merchant_id: merchant, mode, url, ...extra });
  const scoped = (merchant: string, mode: ApiMode, endpointId: string) => ({ merchant_id: merchant, mode, endpoint_id: endpointId });
  const row = async (id: string) => (await h.query<EndpointRow>('SELECT * FROM webhooks.endpoints WHERE id = $1', [id]))[0];

  describe('create', () => {
    it('binds the endpoint to its mode and shows the whsec_ secret once, stored only encrypted', async () => {
      const merchant = merchantId();
      const created = await create(merchant, 'live', 'https://shop.example.com/hooks', { events: ['payment.completed'], description: 'Orders' });
      expect(created).toMatchObject({
        id: expect.stringMatching(/^we_[0-9a-f]{24}$/),
        mode: 'live',
        url: 'https://shop.example.com/hooks',
        events: ['payment.completed'],
        description: 'Orders',
        status: 'enabled',
        disabled_reason: null,
        disabled_at: null,
        failing_since: null,
        previous_secret_expires_at: null,
        secret: expect.stringMatching(/^whsec_/),
      });
      const stored = await row(created.id);
      expect(stored.mode).toBe('live');
      expect(stored.secret_encrypted).not.toContain(created.secret.slice('whsec_'.length));
      expect(decryptSecret(key, stored.secret_encrypted)).toBe(created.secret);

      const read = await h.request<WebhookEndpointView>('webhook.endpoint.get', scoped(merchant, 'live', created.id));
      expect(read).not.toHaveProperty('secret');
      expect(JSON.stringify(read)).not.toContain(created.secret);
    });

    it.each([
      ['http for a live endpoint', 'live', 'http://shop.example.com/hooks'],
      ['not http(s)', 'test', 'ftp://shop.example.com/hooks'],
      ['a relative URL', 'test', '/hooks'],
      ['credentials in the URL', 'test', 'https://user:pass@shop.example.com/hooks'],
    ] as const)('refuses %s with invalid_webhook_url', async (_case, mode, url) => {
      const merchant = merchantId();
      await expect(create(merchant, mode, url)).rejects.toMatchObject({ code: 'invalid_webhook_url', status: 400 });
      expect(await h.query('SELECT 1 FROM webhooks.endpoints WHERE merchant_id = $1', [merchant])).toHaveLength(0);
    });

    it('accepts http for a test endpoint', async () => {
      await expect(create(merchantId(), 'test', 'http://shop.example.com/hooks')).resolves.toMatchObject({
        mode: 'test',
        url: 'http://shop.example.com/hooks',
      });
    });

    it.each([
      ['no mode', { merchant_id: 'mer_x', url: 'https://shop.example.com' }],
      ['an unknown mode', { merchant_id: 'mer_x', mode: 'staging', url: 'https://shop.example.com' }],
      ['webhook.test as a filter', { merchant_id: 'mer_x', mode: 'test', url: 'https://shop.example.com', events: ['webhook.test'] }],
    ])('refuses a command with %s as validation_error', async (_case, payload) => {
      await expect(h.request('webhook.endpoint.create', payload)).rejects.toMatchObject({ code: 'validation_error', status: 400 });
    });

    it(`allows at most ${MAX_ENDPOINTS} not-deleted endpoints per merchant, both modes together, even when created at once`, async () => {
      const merchant = merchantId();
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => create(merchant, i % 2 === 0 ? 'test' : 'live', `https://shop.example.com/${i}`)),
      );
      const created = results.filter((r): r is PromiseFulfilledResult<WebhookEndpointCreated> => r.status === 'fulfilled');
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(created).toHaveLength(MAX_ENDPOINTS);
      for (const r of refused) expect(r.reason).toMatchObject({ code: 'webhook_endpoint_limit_reached', status: 422 });
      expect(await h.query('SELECT 1 FROM webhooks.endpoints WHERE merchant_id = $1', [merchant])).toHaveLength(MAX_ENDPOINTS);

      // Another merchant is not affected; a deleted endpoint frees its place.
      await expect(create(merchantId(), 'test', 'https://other.example.com')).resolves.toBeDefined();
      const first = created[0].value;
      await h.request('webhook.endpoint.delete', scoped(merchant, first.mode, first.id));
      await expect(create(merchant, 'test', 'https://shop.example.com/again')).resolves.toBeDefined();
      await expect(create(merchant, 'test', 'https://shop.example.com/too-many')).rejects.toMatchObject({ code: 'webhook_endpoint_limit_reached' });
    });
  });

  describe('list', () => {
    it("pages the merchant's endpoints of one mode, newest first, with the true total, without deleted ones", async () => {
      const merchant = merchantId();
      const a = await create(merchant, 'test', 'https://shop.example.com/a');
      const b = await create(merchant, 'test', 'https://shop.example.com/b');
      const c = await create(merchant, 'test', 'https://shop.example.com/c');
      const liveOne = await create(merchant, 'live', 'https://shop.example.com/live');
      await create(merchantId(), 'test', 'https://someone-else.example.com');

      const list = (mode: ApiMode, page?: number, limit?: number) =>
        h.request<WebhookListPage<WebhookEndpointView>>('webhook.endpoint.list', { merchant_id: merchant, mode, page, limit });
      const first = await list('test', 1, 2);
      expect(first.total).toBe(3);
      expect(first.data.map((e) => e.id)).toEqual([c.id, b.id]);
      expect((await list('test', 2, 2)).data.map((e) => e.id)).toEqual([a.id]);
      expect(first.data[0]).not.toHaveProperty('secret');
      const live = await list('live');
      expect(live).toEqual({ data: [expect.objectContaining({ id: liveOne.id, mode: 'live' })], total: 1 });

      await h.request('webhook.endpoint.delete', scoped(merchant, 'test', b.id));
      const after = await list('test');
      expect(after.total).toBe(2);
      expect(after.data.map((e) => e.id)).toEqual([c.id, a.id]);
    });
  });

  describe('mode and merchant isolation', () => {
    it("answers every command about another merchant's or the other mode's endpoint with webhook_endpoint_not_found, changing nothing", async () => {
      const owner = merchantId();
      const endpoint = await create(owner, 'live', 'https://shop.example.com/live');
      const before = await row(endpoint.id);
      const strangers: [string, ApiMode][] = [
        [owner, 'test'],
        [merchantId(), 'live'],
      ];
      for (const [merchant, mode] of strangers) {
        const target = scoped(merchant, mode, endpoint.id);
        const commands: [string, Record<string, unknown>][] = [
          ['webhook.endpoint.get', target],
          ['webhook.endpoint.update', { ...target, enabled: false, url: 'https://evil.example.com' }],
          ['webhook.endpoint.rotate_secret', target],
          ['webhook.endpoint.test', target],
          ['webhook.endpoint.delete', target],
        ];
        for (const [command, payload] of commands) {
          await expect(h.request(command, payload)).rejects.toMatchObject({ code: 'webhook_endpoint_not_found', status: 404 });
        }
        const listed = await h.request<WebhookListPage<WebhookEndpointView>>('webhook.endpoint.list', { merchant_id: merchant, mode });
        expect(listed.data.map((e) => e.id)).not.toContain(endpoint.id);
      }
      expect(await row(endpoint.id)).toEqual(before);
      expect(await h.query('SELECT 1 FROM webhooks.deliveries WHERE endpoint_id = $1', [endpoint.id])).toHaveLength(0);
    });

    it('treats a deleted endpoint as unknown', async () => {
      const merchant = merchantId();
      const endpoint = await create(merchant, 'test', 'https://shop.example.com');
      await expect(h.request('webhook.endpoint.delete', scoped(merchant, 'test', endpoint.id))).resolves.toEqual({ id: endpoint.id, deleted: true });
      for (const command of ['webhook.endpoint.get', 'webhook.endpoint.delete', 'webhook.endpoint.rotate_secret', 'webhook.endpoint.test']) {
        await expect(h.request(command, scoped(merchant, 'test', endpoint.id))).rejects.toMatchObject({ code: 'webhook_endpoint_not_found' });
      }
      await expect(h.request('webhook.endpoint.update', { ...scoped(merchant, 'test', endpoint.id), enabled: true })).rejects.toMatchObject({
        code: 'webhook_endpoint_not_found',
      });
      expect((await row(endpoint.id)).deleted_at).not.toBeNull();
    });
  });

  describe('update', () => {
    it('changes the URL, the event filter and the description; a null description clears it', async () => {
      const merchant = merchantId();
      const endpoint = await create(merchant, 'live', 'https://shop.example.com/v1', { description: 'Orders' });
      const updated = await h.request<WebhookEndpointView>('webhook.endpoint.update', {
        ...scoped(merchant, 'live', endpoint.id),
        url: 'https://shop.example.com/v2',
        events: ['payment.failed', 'endpoint.disabled'],
        description: null,
      });
      expect(updated).toMatchObject({
        id: endpoint.id,
        url: 'https://shop.example.com/v2',
        events: ['payment.failed', 'endpoint.disabled'],
        description: null,
        status: 'enabled',
      });
      expect(new Date(updated.updated_at).getTime()).toBeGreaterThanOrEqual(new Date(endpoint.updated_at).getTime());
      const onlyEvents = await h.request<WebhookEndpointView>('webhook.endpoint.update', { ...scoped(merchant, 'live', endpoint.id), events: [] });
      expect(onlyEvents).toMatchObject({ url: 'https://shop.example.com/v2', events: [], description: null });
    });

    it('refuses a URL the mode does not allow, keeping the old one', async () => {
      const merchant = merchantId();
      const endpoint = await create(merchant, 'live', 'https://shop.example.com');
      await expect(h.request('webhook.endpoint.update', { ...scoped(merchant, 'live', endpoint.id), url: 'http://shop.example.com' })).rejects.toMatchObject({
        code: 'invalid_webhook_url',
        status: 400,
      });
      expect((await row(endpoint.id)).url).toBe('https://shop.example.com');
    });

    it("disables by the merchant's choice, and re-enabling clears the failure clock and the disabled fields", async () => {
      const merchant = merchantId();
      const endpoint = await create(merchant, 'test', 'https://shop.example.com');
      await h.query(`UPDATE webhooks.endpoints SET failing_since = now() - interval '1 hour' WHERE id = $1`, [endpoint.id]);

      const off = await h.request<WebhookEndpointView>('webhook.endpoint.update', { ...scoped(merchant, 'test', endpoint.id), enabled: false });
      expect(off).toMatchObject({ status: 'disabled', disabled_reason: 'merchant', disabled_at: expect.any(String), failing_since: expect.any(String) });
      // Disabling again keeps the first reason and time.
      const again = await h.request<WebhookEndpointView>('webhook.endpoint.update', { ...scoped(merchant, 'test', endpoint.id), enabled: false });
      expect(again).toMatchObject({ disabled_reason: 'merchant', disabled_at: off.disabled_at });

      const on = await h.request<WebhookEndpointView>('webhook.endpoint.update', { ...scoped(merchant, 'test', endpoint.id), enabled: true });
      expect(on).toMatchObject({ status: 'enabled', disabled_reason: null, disabled_at: null, failing_since: null });
      expect(await row(endpoint.id)).toMatchObject({ status: 'enabled', disabled_reason: null, disabled_at: null, failing_since: null });
    });

    it('re-enables an endpoint the delivery engine disabled for failing', async () => {
      const merchant = merchantId();
      const endpoint = await create(merchant, 'test', 'https://shop.example.com');
      await h.query(`UPDATE webhooks.endpoints SET failing_since = now() - interval '10 days' WHERE id = $1`, [endpoint.id]);
      const repo = h.app.get(EndpointRepository);
      await expect(repo.markFailed(h.dataSource.manager, endpoint.id, 1_000)).resolves.toEqual({ disabled: true });
      expect(await h.request('webhook.endpoint.get', scoped(merchant, 'test', endpoint.id))).toMatchObject({ status: 'disabled', disabled_reason: 'failing' });
      await expect(h.request('webhook.endpoint.test', scoped(merchant, 'test', endpoint.id))).rejects.toMatchObject({
        code: 'webhook_endpoint_disabled',
        status: 409,
      });

      const on = await h.request<WebhookEndpointView>('webhook.endpoint.update', { ...scoped(merchant, 'test', endpoint.id), enabled: true });
      expect(on).toMatchObject({ status: 'enabled', disabled_reason: null, failing_since: null });
      // The clock starts again: one failure now does not disable it.
      await expect(repo.markFailed(h.dataSource.manager, endpoint.id, 1_000)).resolves.toEqual({ disabled: false });
      expect((await row(endpoint.id)).status).toBe('enabled');
    });
  });

  describe('rotate_secret', () => {
    it('shows a new secret once; the old one becomes the previous until now + WEBHOOK_SECRET_OVERLAP_MS', async () => {
      const merchant = merchantId();
      const endpoint = await create(merchant, 'test', 'https://shop.example.com');
      const rotated = await h.request<WebhookSecretRotated>('webhook.endpoint.rotate_secret', scoped(merchant, 'test', endpoint.id));
      expect(rotated).toEqual({ id: endpoint.id, secret: expect.stringMatching(/^whsec_/), previous_secret_expires_at: expect.any(String) });
      expect(rotated.secret).not.toBe(endpoint.secret);

      const stored = await row(endpoint.id);
      expect(decryptSecret(key, stored.secret_encrypted)).toBe(rotated.secret);
      expect(decryptSecret(key, stored.previous_secret_encrypted!)).toBe(endpoint.secret);
      const [{ offset_ms }] = await h.query<{ offset_ms: number }>(
        'SELECT extract(epoch FROM (previous_secret_expires_at - now())) * 1000 AS offset_ms FROM webhooks.endpoints WHERE id = $1',
        [endpoint.id],
      );
      expect(Number(offset_ms)).toBeGreaterThan(OVERLAP_MS - 60_000);
      expect(Number(offset_ms)).toBeLessThanOrEqual(OVERLAP_MS);
      const view = await h.request<WebhookEndpointView>('webhook.endpoint.get', scoped(merchant, 'test', endpoint.id));
      expect(view.previous_secret_expires_at).toBe(rotated.previous_secret_expires_at);

      // Rotated again within the overlap: the one just replaced is now the previous, the first one is gone.
      const twice = await h.request<WebhookSecretRotated>('webhook.endpoint.rotate_secret', scoped(merchant, 'test', endpoint.id));
      const after = await row(endpoint.id);
      expect(decryptSecret(key, after.secret_encrypted)).toBe(twice.secret);
      expect(decryptSecret(key, after.previous_secret_encrypted!)).toBe(rotated.secret);
    });

    it('shows no overlap in the view once it has lapsed', async () => {
      const merchant = merchantId();
      const endpoint = await create(merchant, 'test', 'https://shop.example.com');
      await h.request('webhook.endpoint.rotate_secret', scoped(merchant, 'test', endpoint.id));
      await h.query(`UPDATE webhooks.endpoints SET previous_secret_expires_at = now() - interval '1 second' WHERE id = $1`, [endpoint.id]);
      expect(await h.request('webhook.endpoint.get', scoped(merchant, 'test', endpoint.id))).toMatchObject({ previous_secret_expires_at: null });
    });
  });

  describe('test', () => {
    it('creates a webhook.test delivery to that endpoint alone, whatever its filter, in its mode', async () => {
      const merchant = merchantId();
      const endpoint = await create(merchant, 'live', 'https://shop.example.com', { events: ['payment.completed'] });
      const sibling = await create(merchant, 'live', 'https://shop.example.com/other');
      const sent = await h.request<WebhookTestSent>('webhook.endpoint.test', scoped(merchant, 'live', endpoint.id));
      expect(sent).toEqual({ delivery_id: expect.stringMatching(/^wd_/), event_id: expect.any(String) });

      const deliveries = await h.query<{
        id: string;
        endpoint_id: string;
        mode: string;
        merchant_id: string;
        event_type: string;
        event_id: string;
        body: string;
      }>('SELECT id, endpoint_id, mode, merchant_id, event_type, event_id, body FROM webhooks.deliveries WHERE merchant_id = $1', [merchant]);
      expect(deliveries).toHaveLength(1);
      expect(deliveries[0]).toMatchObject({
        id: sent.delivery_id,
        endpoint_id: endpoint.id,
        mode: 'live',
        event_type: 'webhook.test',
        event_id: sent.event_id,
      });
      expect(JSON.parse(deliveries[0].body)).toMatchObject({ type: 'webhook.test', id: sent.event_id, mode: 'live', data: { endpoint_id: endpoint.id } });
      expect(deliveries.some((d) => d.endpoint_id === sibling.id)).toBe(false);
      // The delivery log shows it.
      const log = await h.deliveriesOf(merchant, endpoint.id, {}, 'live');
      expect(log.map((d) => d.id)).toEqual([sent.delivery_id]);
    });

    it('refuses a disabled endpoint with webhook_endpoint_disabled and creates nothing', async () => {
      const merchant = merchantId();
      const endpoint = await create(merchant, 'test', 'https://shop.example.com');
      await h.request('webhook.endpoint.update', { ...scoped(merchant, 'test', endpoint.id), enabled: false });
      await expect(h.request('webhook.endpoint.test', scoped(merchant, 'test', endpoint.id))).rejects.toMatchObject({
        code: 'webhook_endpoint_disabled',
        status: 409,
      });
      expect(await h.query('SELECT 1 FROM webhooks.deliveries WHERE endpoint_id = $1', [endpoint.id])).toHaveLength(0);
    });
  });

  describe('signing secret (callback URLs)', () => {
    it('is made on first use, one per merchant and mode, the same on every read', async () => {
      const merchant = merchantId();
      const get = (m: string, mode: ApiMode) => h.request<WebhookSigningSecretView>('webhook.signing_secret.get', { merchant_id: m, mode });
      // Concurrent first reads agree on one secret.
      const firsts = await Promise.all(Array.from({ length: 5 }, () => get(merchant, 'test')));
      expect(new Set(firsts.map((s) => s.secret)).size).toBe(1);
      expect(firsts[0]).toEqual({ mode: 'test', secret: expect.stringMatching(/^whsec_/), previous_secret_expires_at: null, created_at: expect.any(String) });
      expect((await get(merchant, 'test')).secret).toBe(firsts[0].secret);

      const live = await get(merchant, 'live');
      expect(live.mode).toBe('live');
      expect(live.secret).not.toBe(firsts[0].secret);
      expect((await get(merchantId(), 'test')).secret).not.toBe(firsts[0].secret);

      const rows = await h.query<{ mode: string; secret_encrypted: string }>(
        'SELECT mode, secret_encrypted FROM webhooks.signing_secrets WHERE merchant_id = $1 ORDER BY mode',
        [merchant],
      );
      expect(rows.map((r) => r.mode)).toEqual(['live', 'test']);
      expect(rows[1].secret_encrypted).not.toContain(firsts[0].secret.slice('whsec_'.length));
      expect(decryptSecret(key, rows[1].secret_encrypted)).toBe(firsts[0].secret);
    });

    it('rotates with the overlap: the old secret becomes the previous until now + WEBHOOK_SECRET_OVERLAP_MS', async () => {
      const merchant = merchantId();
      const before = await h.request<WebhookSigningSecretView>('webhook.signing_secret.get', { merchant_id: merchant, mode: 'live' });
      const rotated = await h.request<WebhookSigningSecretView>('webhook.signing_secret.rotate', { merchant_id: merchant, mode: 'live' });
      expect(rotated).toMatchObject({
        mode: 'live',
        secret: expect.stringMatching(/^whsec_/),
        previous_secret_expires_at: expect.any(String),
        created_at: before.created_at,
      });
      expect(rotated.secret).not.toBe(before.secret);
      expect(await h.request('webhook.signing_secret.get', { merchant_id: merchant, mode: 'live' })).toEqual(rotated);

      const [stored] = await h.query<{ secret_encrypted: string; previous_secret_encrypted: string; offset_ms: number }>(
        `SELECT secret_encrypted, previous_secret_encrypted, extract(epoch FROM (previous_secret_expires_at - now())) * 1000 AS offset_ms
           FROM webhooks.signing_secrets WHERE merchant_id = $1 AND mode = 'live'`,
        [merchant],
      );
      expect(decryptSecret(key, stored.secret_encrypted)).toBe(rotated.secret);
      expect(decryptSecret(key, stored.previous_secret_encrypted)).toBe(before.secret);
      expect(Number(stored.offset_ms)).toBeGreaterThan(OVERLAP_MS - 60_000);
      expect(Number(stored.offset_ms)).toBeLessThanOrEqual(OVERLAP_MS);

      // The other mode's secret is untouched.
      const [testRow] = await h.query('SELECT 1 FROM webhooks.signing_secrets WHERE merchant_id = $1 AND mode = $2', [merchant, 'test']);
      expect(testRow).toBeUndefined();
    });

    it('rotating before any read makes a secret with nothing to overlap', async () => {
      const merchant = merchantId();
      const rotated = await h.request<WebhookSigningSecretView>('webhook.signing_secret.rotate', { merchant_id: merchant, mode: 'test' });
      expect(rotated).toMatchObject({ mode: 'test', secret: expect.stringMatching(/^whsec_/), previous_secret_expires_at: null });
    });

    it('SigningSecretRepository.ensure answers the row the RPC made, for the delivery engine to sign with', async () => {
      const merchant = merchantId();
      const view = await h.request<WebhookSigningSecretView>('webhook.signing_secret.get', { merchant_id: merchant, mode: 'test' });
      const ensured = await h.app.get(SigningSecretRepository).ensure(h.dataSource.manager, merchant, 'test');
      expect(decryptSecret(key, ensured.secret_encrypted)).toBe(view.secret);
      expect(ensured.previous_secret_encrypted).toBeNull();
    });
  });

  describe('EndpointRepository (what the delivery engine uses)', () => {
    it('subscribedTo answers enabled, not deleted endpoints of the merchant and mode whose filter takes the event', async () => {
      const merchant = merchantId();
      const all = await create(merchant, 'test', 'https://shop.example.com/all');
      const completedOnly = await create(merchant, 'test', 'https://shop.example.com/completed', { events: ['payment.completed'] });
      const failedOnly = await create(merchant, 'test', 'https://shop.example.com/failed', { events: ['payment.failed'] });
      await create(merchant, 'live', 'https://shop.example.com/live');
      await h.request('webhook.endpoint.update', {
        ...scoped(merchant, 'test', failedOnly.id),
        events: ['payment.failed', 'payment.completed'],
        enabled: false,
      });
      const repo = h.app.get(EndpointRepository);
      const ids = async (mode: ApiMode, type: string) => (await repo.subscribedTo(h.dataSource.manager, merchant, mode, type)).map((e) => e.id).sort();
      expect(await ids('test', 'payment.completed')).toEqual([all.id, completedOnly.id].sort());
      expect(await ids('test', 'payment.failed')).toEqual([all.id]);
      expect(await ids('live', 'payment.completed')).toHaveLength(1);
      await h.request('webhook.endpoint.delete', scoped(merchant, 'test', all.id));
      expect(await ids('test', 'payment.failed')).toEqual([]);
    });

    it('markFailed disables once past the clock, answering disabled only on that call; markSucceeded stops the clock', async () => {
      const merchant = merchantId();
      const endpoint = await create(merchant, 'test', 'https://shop.example.com');
      const repo = h.app.get(EndpointRepository);
      const db = h.dataSource.manager;
      await expect(repo.markFailed(db, endpoint.id, 60_000)).resolves.toEqual({ disabled: false });
      expect((await row(endpoint.id)).failing_since).not.toBeNull();
      await repo.markSucceeded(db, endpoint.id);
      expect((await row(endpoint.id)).failing_since).toBeNull();

      await h.query(`UPDATE webhooks.endpoints SET failing_since = now() - interval '2 minutes' WHERE id = $1`, [endpoint.id]);
      const calls = await Promise.all([
        repo.markFailed(db, endpoint.id, 60_000),
        repo.markFailed(db, endpoint.id, 60_000),
        repo.markFailed(db, endpoint.id, 60_000),
      ]);
      expect(calls.filter((c) => c.disabled)).toHaveLength(1);
      expect(await row(endpoint.id)).toMatchObject({ status: 'disabled', disabled_reason: 'failing' });
      expect((await row(endpoint.id)).disabled_at).not.toBeNull();
    });

    it('disable changes an enabled endpoint once, keeping the first reason', async () => {
      const merchant = merchantId();
      const endpoint = await create(merchant, 'test', 'https://shop.example.com');
      const repo = h.app.get(EndpointRepository);
      await expect(repo.disable(h.dataSource.manager, endpoint.id, 'gone')).resolves.toBe(true);
      await expect(repo.disable(h.dataSource.manager, endpoint.id, 'failing')).resolves.toBe(false);
      expect(await row(endpoint.id)).toMatchObject({ status: 'disabled', disabled_reason: 'gone' });
      expect(await h.request('webhook.endpoint.get', scoped(merchant, 'test', endpoint.id))).toMatchObject({ status: 'disabled', disabled_reason: 'gone' });
    });
  });
});
