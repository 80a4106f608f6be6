import type { ApiMode, WebhookDeliveryView, WebhookListPage } from '@lipa/contracts';
import { eventually } from '@lipa/testing';
import { Harness, merchantId, paymentCompleted, paymentFailed, ScriptedServer } from './harness';

jest.setTimeout(30_000);

/**
 * The merchant-wide delivery log (`webhook.delivery.list_all`) and one delivery (`webhook.delivery.get`):
 * deliveries to a push's own callback_url are listed beside the endpoints' ones, scoped by merchant
 * and mode. Retries 100, 200, 400 ms; the breaker out of the way (one destination fails on purpose).
 */
describe('webhook-dispatcher: the merchant-wide delivery log', () => {
  const harness = new Harness();
  let receiver: ScriptedServer;

  beforeAll(async () => {
    await harness.start({ WEBHOOK_BREAKER_FAILURES: '50' });
    receiver = await new ScriptedServer().start();
    // Every destination answers 200 except the callback URL of the failing order.
    receiver.answer = (r) => (r.path === '/callback/fail' ? 500 : 200);
  });
  afterAll(async () => {
    await receiver?.close();
    await harness.stop();
  });

  const listAll = (merchant: string, filters: Record<string, unknown> = {}, mode: ApiMode = 'test') =>
    harness.request<WebhookListPage<WebhookDeliveryView>>('webhook.delivery.list_all', { merchant_id: merchant, mode, ...filters });
  const getOne = (merchant: string, deliveryId: string, mode: ApiMode = 'test') =>
    harness.request<WebhookDeliveryView>('webhook.delivery.get', { merchant_id: merchant, mode, delivery_id: deliveryId });
  const ids = (page: WebhookListPage<WebhookDeliveryView>) => page.data.map((d) => d.id);

  /** Publishes the event and waits until the dispatcher has made its deliveries, so creation times follow publication order. */
  async function publish(event: ReturnType<typeof paymentCompleted>): Promise<void> {
    await harness.publishEvent(event);
    await harness.consumed(event.id);
  }

  /**
   * The merchant (test mode): an endpoint, and two pushes with a callback_url (one delivered, one
   * failing for good), so four deliveries; a live endpoint with one live delivery; another merchant
   * with a callback delivery of its own.
   */
  async function scene() {
    const merchant = merchantId();
    const stranger = merchantId();
    const endpoint = await harness.createEndpoint(merchant, `${receiver.url}/endpoint`);
    const liveEndpoint = await harness.createEndpoint(merchant, `${receiver.url}/live`, { mode: 'live' });
    const paid = paymentCompleted(merchant, { callback_url: `${receiver.url}/callback/ok` });
    const declined = paymentFailed(merchant, { callback_url: `${receiver.url}/callback/fail` });
    const live = paymentCompleted(merchant, { mode: 'live' });
    const strangers = paymentCompleted(stranger, { callback_url: `${receiver.url}/callback/stranger` });
    for (const event of [paid, declined, live, strangers]) await publish(event);
    const all = await eventually(async () => {
      const page = await listAll(merchant);
      expect(page.data.map((d) => d.status).sort()).toEqual(['delivered', 'delivered', 'delivered', 'failed']);
      return page;
    });
    return { merchant, stranger, endpoint, liveEndpoint, paid, declined, live, strangers, all };
  }

  it('lists the callback_url deliveries beside the endpoint ones, newest first with the true total, filtered by destination and endpoint', async () => {
    const { merchant, stranger, endpoint, liveEndpoint, paid, declined, live, strangers, all } = await scene();

    expect(all.total).toBe(4);
    const created = all.data.map((d) => Date.parse(d.created_at));
    expect(created).toEqual([...created].sort((a, b) => b - a)); // newest first
    // The declined push's two deliveries (newer) come before the paid push's two.
    expect(all.data.map((d) => d.event_id)).toEqual([declined.id, declined.id, paid.id, paid.id]);
    const callbacks = all.data.filter((d) => d.endpoint_id === null);
    expect(callbacks.map((d) => d.callback_url)).toEqual([`${receiver.url}/callback/fail`, `${receiver.url}/callback/ok`]);
    expect(callbacks.map((d) => d.status)).toEqual(['failed', 'delivered']);
    expect(all.data.filter((d) => d.endpoint_id === endpoint.id)).toHaveLength(2);
    expect(all.data.every((d) => d.mode === 'test' && d.attempt_log.length === d.attempts)).toBe(true);

    const toCallbacks = await listAll(merchant, { destination: 'callback_url' });
    expect(toCallbacks.total).toBe(2);
    expect(ids(toCallbacks)).toEqual(callbacks.map((d) => d.id));
    const toEndpoints = await listAll(merchant, { destination: 'endpoint' });
    expect(toEndpoints.total).toBe(2);
    expect(toEndpoints.data.every((d) => d.endpoint_id === endpoint.id && d.callback_url === null)).toBe(true);
    expect(ids(await listAll(merchant, { endpoint_id: endpoint.id }))).toEqual(ids(toEndpoints));
    expect(await listAll(merchant, { endpoint_id: endpoint.id, destination: 'callback_url' })).toEqual({ data: [], total: 0 });

    // The other mode: its own endpoint's delivery only; the test log never names the live endpoint, and the other way round.
    const liveLog = await listAll(merchant, {}, 'live');
    expect(liveLog.total).toBe(1);
    expect(liveLog.data[0]).toMatchObject({ event_id: live.id, endpoint_id: liveEndpoint.id, mode: 'live', status: 'delivered' });
    expect(await listAll(merchant, { endpoint_id: liveEndpoint.id })).toEqual({ data: [], total: 0 });
    expect(await listAll(merchant, { endpoint_id: endpoint.id }, 'live')).toEqual({ data: [], total: 0 });
    expect(await listAll(merchant, { destination: 'callback_url' }, 'live')).toEqual({ data: [], total: 0 });

    // Another merchant sees its own callback delivery and nothing of this merchant's; this merchant's endpoint filter finds nothing there.
    const theirs = await listAll(stranger);
    expect(theirs.total).toBe(1);
    expect(theirs.data[0]).toMatchObject({ event_id: strangers.id, endpoint_id: null, callback_url: `${receiver.url}/callback/stranger` });
    expect(await listAll(stranger, { endpoint_id: endpoint.id })).toEqual({ data: [], total: 0 });
    expect(all.data.some((d) => d.event_id === strangers.id)).toBe(false);
  });

  it('filters by status, event type, from and to, and pages with the true total', async () => {
    const { merchant, endpoint, all } = await scene();

    const failed = await listAll(merchant, { status: 'failed' });
    expect(failed.total).toBe(1);
    expect(failed.data[0]).toMatchObject({ endpoint_id: null, callback_url: `${receiver.url}/callback/fail`, event_type: 'payment.failed', attempts: 4 });
    expect(await listAll(merchant, { status: 'failed', destination: 'endpoint' })).toEqual({ data: [], total: 0 });
    const delivered = await listAll(merchant, { status: 'delivered', destination: 'callback_url' });
    expect(delivered.data.map((d) => d.callback_url)).toEqual([`${receiver.url}/callback/ok`]);

    const declines = await listAll(merchant, { event_type: 'payment.failed' });
    expect(declines.total).toBe(2);
    expect(declines.data.map((d) => d.endpoint_id).sort()).toEqual([endpoint.id, null].sort());
    expect(await listAll(merchant, { event_type: 'webhook.test' })).toEqual({ data: [], total: 0 });

    // Pages: limit 1 walks the same order as the whole list, each page telling the true total.
    const walked: string[] = [];
    for (let page = 1; page <= 5; page += 1) {
      const one = await listAll(merchant, { limit: 1, page });
      expect(one.total).toBe(4);
      walked.push(...ids(one));
    }
    expect(walked).toEqual(ids(all));
    const second = await listAll(merchant, { destination: 'callback_url', limit: 1, page: 2 });
    expect(second).toMatchObject({ total: 2, data: [{ callback_url: `${receiver.url}/callback/ok` }] });

    // from / to on created_at, both inclusive (a delivery's shown created_at includes it).
    const newest = all.data[0];
    const oldest = all.data[3];
    const fromNewest = await listAll(merchant, { from: newest.created_at });
    expect(ids(fromNewest)).toEqual(ids(all).filter((_, i) => all.data[i].event_id === newest.event_id));
    const untilOldest = await listAll(merchant, { to: oldest.created_at });
    expect(ids(untilOldest)).toEqual(ids(all).filter((_, i) => all.data[i].event_id === oldest.event_id));
    expect(await listAll(merchant, { from: new Date(Date.now() + 60_000).toISOString() })).toEqual({ data: [], total: 0 });
    expect((await listAll(merchant, { from: oldest.created_at, to: newest.created_at })).total).toBe(4);

    for (const bad of [{ destination: 'email' }, { status: 'lost' }, { limit: 101 }, { page: 0 }, { from: 'yesterday' }]) {
      await expect(listAll(merchant, bad)).rejects.toMatchObject({ code: 'validation_error', status: 400 });
    }
  });

  it("gets one delivery with its attempt log, only in its merchant's and mode's scope, and its id retries it", async () => {
    const { merchant, stranger, liveEndpoint, declined } = await scene();
    const [failing] = (await listAll(merchant, { destination: 'callback_url', status: 'failed' })).data;
    expect(failing.event_id).toBe(declined.id);

    const got = await getOne(merchant, failing.id);
    expect(got).toEqual(failing);
    expect(got).toMatchObject({ endpoint_id: null, callback_url: `${receiver.url}/callback/fail`, status: 'failed', attempts: 4, last_status_code: 500 });
    expect(got.attempt_log.map((a) => a.attempt)).toEqual([1, 2, 3, 4]);
    expect(got.attempt_log[0]).toEqual({
      attempt: 1,
      attempted_at: expect.any(String),
      status_code: 500,
      duration_ms: expect.any(Number),
      error: 'http_500',
      response_excerpt: 'answered payment.failed',
    });
    const attempted = got.attempt_log.map((a) => Date.parse(a.attempted_at));
    expect(attempted).toEqual([...attempted].sort((a, b) => a - b)); // oldest first

    const [liveOne] = (await listAll(merchant, {}, 'live')).data;
    expect(await getOne(merchant, liveOne.id, 'live')).toMatchObject({ id: liveOne.id, endpoint_id: liveEndpoint.id, attempts: 1 });

    for (const [who, id, mode] of [
      ['another merchant', failing.id, 'test'],
      ['the other mode', failing.id, 'live'],
      ['the test mode, for a live delivery', liveOne.id, 'test'],
      ['an unknown id', 'wd_nope', 'test'],
    ] as const) {
      const scope = who === 'another merchant' ? stranger : merchant;
      await expect(getOne(scope, id, mode)).rejects.toMatchObject({ code: 'webhook_delivery_not_found', status: 404 });
    }
    await expect(harness.request('webhook.delivery.get', { merchant_id: merchant, mode: 'test' })).rejects.toMatchObject({
      code: 'validation_error',
      status: 400,
    });

    // The id found in the log is what a merchant retries: the callback delivery is sent again and, answered 200 now, delivered.
    receiver.answer = () => 200;
    try {
      await harness.request('webhook.delivery.retry', { merchant_id: merchant, mode: 'test', delivery_id: failing.id });
      const again = await eventually(async () => {
        const d = await getOne(merchant, failing.id);
        expect(d.status).toBe('delivered');
        return d;
      });
      expect(again.attempts).toBe(5);
      expect(again.attempt_log.at(-1)).toMatchObject({ attempt: 5, status_code: 200 });
    } finally {
      receiver.answer = (r) => (r.path === '/callback/fail' ? 500 : 200);
    }
  });
});
