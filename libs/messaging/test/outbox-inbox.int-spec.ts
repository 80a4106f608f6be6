import { Injectable, Logger } from '@nestjs/common';
import { TestingModule } from '@nestjs/testing';
import type { ConfirmChannel, ChannelModel } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { DeadLetterQueue, Envelope, newEnvelope, OnEvent, Outbox } from '@lipa/messaging';
import { deleteBrokerObjects, eventually, getMessage, randomPrefix, rawAmqp, startService, TestDatabase } from './helpers';

interface OrderPlaced {
  order_id: string;
}

@Injectable()
class LedgerConsumer {
  readonly calls: Envelope<OrderPlaced>[] = [];
  readonly handledAt = new Map<string, number>();
  inTransaction: boolean[] = [];

  @OnEvent('order.placed')
  async onOrderPlaced(tx: EntityManager, envelope: Envelope<OrderPlaced>): Promise<void> {
    this.inTransaction.push(tx.queryRunner?.isTransactionActive === true);
    await tx.query('SELECT 1');
    this.calls.push(envelope);
    this.handledAt.set(envelope.id, Date.now());
  }
}

@Injectable()
class FragileConsumer {
  calls = 0;
  healed = false;
  readonly handled: string[] = [];

  @OnEvent('parcel.lost')
  async onParcelLost(_tx: EntityManager, envelope: Envelope): Promise<void> {
    this.calls += 1;
    if (!this.healed) throw new Error('always fails');
    this.handled.push(envelope.id);
  }
}

@Injectable()
class DuplicateA {
  @OnEvent('order.placed')
  async a(): Promise<void> {}
}
@Injectable()
class DuplicateB {
  @OnEvent('order.placed')
  async b(): Promise<void> {}
}

describe('outbox → events → inbox', () => {
  const db = new TestDatabase();
  const prefix = randomPrefix();
  const apps: TestingModule[] = [];
  let ordersDs: DataSource;
  let ledgerDs: DataSource;
  let outbox: Outbox;
  let ledger: LedgerConsumer;
  let fragile: FragileConsumer;
  let fragileDlq: DeadLetterQueue;
  let raw: { conn: ChannelModel; ch: ConfirmChannel };

  beforeAll(async () => {
    await db.create();
    ordersDs = await db.dataSource('orders');
    ledgerDs = await db.dataSource('ledger');
    const fragileDs = await db.dataSource('fragile');
    const orders = await startService(ordersDs, { service: 'orders', prefix });
    const ledgerApp = await startService(ledgerDs, { service: 'ledger', prefix }, [LedgerConsumer]);
    const fragileApp = await startService(fragileDs, { service: 'fragile', prefix, deliveryLimit: 2 }, [FragileConsumer]);
    apps.push(orders, ledgerApp, fragileApp);
    outbox = orders.get(Outbox);
    ledger = ledgerApp.get(LedgerConsumer);
    fragile = fragileApp.get(FragileConsumer);
    fragileDlq = fragileApp.get(DeadLetterQueue);
    raw = await rawAmqp();
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await raw?.conn.close().catch(() => undefined);
    await deleteBrokerObjects(prefix);
    await db.drop();
  });

  const correlationId = 'corr-1';

  it('delivers an event committed with the outbox to another service once, and never one rolled back', async () => {
    const committed = newEnvelope<OrderPlaced>('order.placed', { order_id: 'o-1' }, { correlationId, merchantId: 'm-1' });
    const rolledBack = newEnvelope<OrderPlaced>('order.placed', { order_id: 'o-2' }, { correlationId });
    const after = newEnvelope<OrderPlaced>('order.placed', { order_id: 'o-3' }, { correlationId });

    let committedAt = 0;
    await ordersDs.transaction(async (tx) => {
      await outbox.add(tx, committed);
    });
    committedAt = Date.now();
    await expect(
      ordersDs.transaction(async (tx) => {
        await outbox.add(tx, rolledBack);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await ordersDs.transaction((tx) => outbox.add(tx, after));

    await eventually(() => expect(ledger.calls.map((e) => e.id)).toEqual(expect.arrayContaining([committed.id, after.id])));
    const received = ledger.calls.find((e) => e.id === committed.id)!;
    expect(received).toEqual(committed);
    expect(ledger.calls.filter((e) => e.id === committed.id)).toHaveLength(1);
    expect(ledger.inTransaction.every(Boolean)).toBe(true);
    console.info(`commit → handler latency ${ledger.handledAt.get(committed.id)! - committedAt} ms`);

    const rows: { id: string; published_at: Date | null }[] = await ordersDs.query('SELECT id, published_at FROM orders.outbox');
    expect(rows.map((r) => r.id).sort()).toEqual([committed.id, after.id].sort());
    await eventually(async () => {
      const r: { n: string }[] = await ordersDs.query('SELECT count(*) AS n FROM orders.outbox WHERE published_at IS NULL');
      expect(r[0]!.n).toBe('0');
    });
    expect(ledger.calls.some((e) => e.id === rolledBack.id)).toBe(false);
    const inbox: { envelope_id: string }[] = await ledgerDs.query('SELECT envelope_id FROM ledger.inbox');
    expect(inbox.map((r) => r.envelope_id)).toEqual(expect.arrayContaining([committed.id, after.id]));
  });

  it('hands an event over within milliseconds of the commit (NOTIFY, not the 1 s poll)', async () => {
    const latencies: number[] = [];
    for (let i = 0; i < 10; i++) {
      const e = newEnvelope<OrderPlaced>('order.placed', { order_id: `lat-${i}` }, { correlationId });
      await ordersDs.transaction((tx) => outbox.add(tx, e));
      const committedAt = Date.now();
      await eventually(() => expect(ledger.handledAt.has(e.id)).toBe(true), 5_000, 1);
      latencies.push(ledger.handledAt.get(e.id)! - committedAt);
    }
    latencies.sort((a, b) => a - b);
    console.info(`commit → handler latency over 10 events: median ${latencies[5]} ms, max ${latencies[9]} ms`);
    // The fallback poll alone would average 500 ms; the median stays far below it.
    expect(latencies[5]).toBeLessThan(250);
  });

  it('has one effect when the same envelope is delivered twice', async () => {
    const spy = jest.spyOn(Logger.prototype, 'log');
    const id = randomUUID();
    const publish = () =>
      raw.ch.publish(`${prefix}lipa.events`, 'order.placed', Buffer.from(JSON.stringify({ order_id: 'dup' })), {
        messageId: id,
        type: 'order.placed',
        correlationId,
        persistent: true,
        headers: { version: 1, occurred_at: new Date().toISOString() },
      });
    publish();
    publish();
    await raw.ch.waitForConfirms();

    const duplicates = () =>
      spy.mock.calls.filter(
        ([m]) => (m as { msg?: string; envelope_id?: string })?.msg === 'inbox.duplicate' && (m as { envelope_id?: string }).envelope_id === id,
      );
    await eventually(() => {
      expect(ledger.calls.filter((e) => e.id === id)).toHaveLength(1);
      expect(duplicates()).toHaveLength(1);
    });
    expect(ledger.calls.filter((e) => e.id === id)).toHaveLength(1);
    spy.mockRestore();
  });

  it('dead-letters a message whose handler always throws after the delivery limit, and a non-JSON one at once', async () => {
    const envelope = newEnvelope('parcel.lost', { parcel: 'p-1' }, { correlationId });
    await ordersDs.transaction((tx) => outbox.add(tx, envelope));

    const dead = await getMessage(raw.ch, `${prefix}lipa.fragile.dlq`, (m) => m.properties.messageId === envelope.id);
    expect(JSON.parse(dead.content.toString())).toEqual({ parcel: 'p-1' });
    expect(dead.properties.type).toBe('parcel.lost');
    expect(fragile.calls).toBeGreaterThanOrEqual(2);

    const callsBefore = fragile.calls;
    const badId = randomUUID();
    raw.ch.publish(`${prefix}lipa.events`, 'parcel.lost', Buffer.from('{not json'), { messageId: badId, type: 'parcel.lost' });
    await raw.ch.waitForConfirms();
    await getMessage(raw.ch, `${prefix}lipa.fragile.dlq`, (m) => m.properties.messageId === badId);
    expect(fragile.calls).toBe(callsBefore);
  });

  it('replays dead letters to the queue they died in once the handler is fixed', async () => {
    const envelope = newEnvelope('parcel.lost', { parcel: 'p-2' }, { correlationId });
    await ordersDs.transaction((tx) => outbox.add(tx, envelope));
    await eventually(async () => expect(await fragileDlq.count()).toBe(1), 20_000);

    fragile.healed = true;
    await expect(fragileDlq.replay()).resolves.toBe(1);
    await eventually(() => expect(fragile.handled).toEqual([envelope.id]));
    expect(await fragileDlq.count()).toBe(0);
  });

  it('refuses to start when two handlers claim the same event', async () => {
    const ds = await db.dataSource('dupes');
    await expect(startService(ds, { service: 'dupes', prefix }, [DuplicateA, DuplicateB])).rejects.toThrow(/Two handlers for event 'order.placed'/);
  });
});
