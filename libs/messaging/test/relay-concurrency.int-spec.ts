import { TestingModule } from '@nestjs/testing';
import type { ChannelModel, ConfirmChannel } from 'amqplib';
import { DataSource } from 'typeorm';
import { newEnvelope, Outbox } from '@lipa/messaging';
import { deleteBrokerObjects, eventually, randomPrefix, rawAmqp, startService, TestDatabase } from './helpers';

describe('outbox relay replicas', () => {
  const db = new TestDatabase();
  const prefix = randomPrefix();
  const apps: TestingModule[] = [];
  const sources: DataSource[] = [];
  const outboxes: Outbox[] = [];
  let raw: { conn: ChannelModel; ch: ConfirmChannel };
  const tap = `${prefix}tap`;

  beforeAll(async () => {
    await db.create();
    raw = await rawAmqp();
    await raw.ch.assertExchange(`${prefix}lipa.events`, 'topic', { durable: true });
    await raw.ch.assertQueue(tap, { durable: true });
    await raw.ch.bindQueue(tap, `${prefix}lipa.events`, 'bulk.#');
    // Two replicas of one service: two DataSources on the same database and schema, two relays.
    for (let i = 0; i < 2; i++) {
      const ds = await db.dataSource('shop');
      const app = await startService(ds, { service: 'shop', prefix });
      sources.push(ds);
      apps.push(app);
      outboxes.push(app.get(Outbox));
    }
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await raw?.conn.close().catch(() => undefined);
    await deleteBrokerObjects(prefix);
    await db.drop();
  });

  it('never publishes a row twice when two relays run at once', async () => {
    const perReplica = 20;
    const perTx = 10;
    const ids = new Set<string>();
    await Promise.all(
      [0, 1].map(async (r) => {
        for (let t = 0; t < perReplica; t++) {
          await sources[r]!.transaction(async (tx) => {
            for (let k = 0; k < perTx; k++) {
              const e = newEnvelope('bulk.created', { r, t, k }, { correlationId: `c-${r}-${t}` });
              ids.add(e.id);
              await outboxes[r]!.add(tx, e);
            }
          });
        }
      }),
    );
    const total = 2 * perReplica * perTx;
    expect(ids.size).toBe(total);

    // Confirms arrive before published_at commits, so once every row is marked, every publish is queued.
    await eventually(async () => {
      const r: { n: string }[] = await sources[0]!.query('SELECT count(*) AS n FROM shop.outbox WHERE published_at IS NULL');
      expect(r[0]!.n).toBe('0');
    }, 20_000);
    const q = await raw.ch.checkQueue(tap);
    expect(q.messageCount).toBe(total);

    const seen = new Map<string, number>();
    for (;;) {
      const m = await raw.ch.get(tap, { noAck: true });
      if (!m) break;
      const id = m.properties.messageId as string;
      seen.set(id, (seen.get(id) ?? 0) + 1);
    }
    expect(seen.size).toBe(total);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect([...seen.keys()].every((id) => ids.has(id))).toBe(true);
  });
});
