import { eventually, RecordingServer, startRecordingServer } from '@lipa/testing';
import { Harness, merchantId, paymentCompleted, paymentFailed, ScriptedServer } from './harness';

jest.setTimeout(30_000);

/**
 * Order per transaction: deliveries of the same transaction (ordering key) to the same destination
 * go out in event order. Retries 200, 400, 800, 1600 ms, so an earlier delivery stays pending for a
 * few seconds while it fails.
 */
describe('webhook-dispatcher: order per transaction', () => {
  const harness = new Harness();
  let held: ScriptedServer;
  let free: RecordingServer;

  beforeAll(async () => {
    await harness.start({ WEBHOOK_RETRY_DELAYS_MS: '200,400,800,1600' });
    held = await new ScriptedServer().start();
    free = await startRecordingServer();
  });
  afterAll(async () => {
    await harness.stop();
    await held.close();
    await free.close();
  });

  it('holds a later event back while an earlier one of the same transaction is still pending at that destination, and sends it as soon as that one ends', async () => {
    const merchant = merchantId();
    let earlierFails = true;
    held.answer = (r) => (r.json?.type === 'payment.failed' && earlierFails ? 500 : 200);
    const endpoint = await harness.createEndpoint(merchant, `${held.url}/ordered`);
    await harness.createEndpoint(merchant, `${free.url}/elsewhere`);

    // Two events of one transaction: the earlier one (payment.failed) is refused for now.
    const earlier = paymentFailed(merchant, { transaction_id: 'txn_ordered' });
    const later = { ...paymentCompleted(merchant, { transaction_id: 'txn_ordered' }), occurred_at: new Date(Date.now() + 1_000).toISOString() };
    await harness.publishEvent(earlier);
    await eventually(() => expect(held.ofType('payment.failed')).toHaveLength(1));
    await harness.publishEvent(later);

    // The later one is deferred for the earlier one: no request, no attempt counted.
    await eventually(async () => {
      const [row] = await harness.query<{ deferred_reason: string | null; attempts: number; status: string }>(
        'SELECT deferred_reason, attempts, status FROM webhooks.deliveries WHERE event_id = $1 AND endpoint_id = $2',
        [later.id, endpoint.id],
      );
      expect(row).toEqual({ deferred_reason: 'ordering', attempts: 0, status: 'pending' });
    });
    expect(held.ofType('payment.completed')).toHaveLength(0);
    const [earlierRow] = await harness.query<{ status: string }>('SELECT status FROM webhooks.deliveries WHERE event_id = $1 AND endpoint_id = $2', [
      earlier.id,
      endpoint.id,
    ]);
    expect(earlierRow.status).toBe('pending');
    // Another destination is not held back by this one's trouble: it has both already.
    await eventually(() => expect(free.requests.map((r) => (r.json as { id: string }).id).sort()).toEqual([earlier.id, later.id].sort()));

    // The receiver recovers: the earlier one is delivered on its next retry, then the later one at once.
    earlierFails = false;
    await eventually(() => expect(held.ofType('payment.completed')).toHaveLength(1));
    const types = held.requests.map((r) => r.json?.type);
    expect(types.lastIndexOf('payment.failed')).toBeLessThan(types.indexOf('payment.completed'));

    const deliveries = await harness.deliveriesOf(merchant, endpoint.id);
    expect(deliveries.map((d) => [d.event_id, d.status])).toEqual(
      expect.arrayContaining([
        [earlier.id, 'delivered'],
        [later.id, 'delivered'],
      ]),
    );
    expect(deliveries.find((d) => d.event_id === later.id)!.attempts).toBe(1);
  });

  it('does not hold back deliveries of other transactions to the same endpoint', async () => {
    const merchant = merchantId();
    held.answer = (r) => (r.json?.type === 'payment.failed' ? 500 : 200);
    const endpoint = await harness.createEndpoint(merchant, `${held.url}/unrelated`);
    const stuck = paymentFailed(merchant);
    await harness.publishEvent(stuck);
    await eventually(() => expect(held.requests.filter((r) => r.json?.id === stuck.id)).toHaveLength(1));
    const unrelated = paymentCompleted(merchant);
    await harness.publishEvent(unrelated);
    await eventually(async () => {
      const delivered = (await harness.deliveriesOf(merchant, endpoint.id, { status: 'delivered' })).map((d) => d.event_id);
      expect(delivered).toEqual([unrelated.id]);
    });
    const [stuckRow] = await harness.query<{ status: string }>('SELECT status FROM webhooks.deliveries WHERE event_id = $1', [stuck.id]);
    expect(stuckRow.status).toBe('pending');
  });
});
