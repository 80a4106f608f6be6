import { Injectable } from '@nestjs/common';
import { TestingModule } from '@nestjs/testing';
import type { ChannelModel, ConfirmChannel } from 'amqplib';
import { DataSource } from 'typeorm';
import { CommandMeta, DeadLetterQueue, MAX_DELAY_MS, newEnvelope, OnCommand, Outbox, RpcClient, Topology } from '@lipa/messaging';
import { ConsumerHost } from '../src/consumer-host';
import { deleteBrokerObjects, eventually, getMessage, randomPrefix, rawAmqp, startService, TestDatabase } from './helpers';

/** A promise the test resolves: a work handler awaits it, so it stays in flight until released. */
class Gate {
  private release: () => void = () => undefined;
  private promise: Promise<void> = Promise.resolve();

  constructor() {
    this.reset();
  }

  reset(): void {
    this.promise = new Promise<void>((resolve) => {
      this.release = resolve;
    });
  }
  wait(): Promise<void> {
    return this.promise;
  }
  open(): void {
    this.release();
  }
}

interface Arrival {
  at: number;
  id: string;
  payload: { n: number };
  meta: CommandMeta;
}

@Injectable()
class WorkerCommands {
  readonly gate = new Gate();
  readonly reminders: Arrival[] = [];
  readonly laterWork: Arrival[] = [];
  readonly slowStarted: number[] = [];
  readonly slowFinished: number[] = [];

  @OnCommand('remind')
  async remind(payload: { n: number }, meta: CommandMeta): Promise<void> {
    this.reminders.push({ at: Date.now(), id: meta.envelopeId, payload, meta });
  }

  @OnCommand('later-work', { lane: 'work' })
  async later(payload: { n: number }, meta: CommandMeta): Promise<void> {
    this.laterWork.push({ at: Date.now(), id: meta.envelopeId, payload, meta });
  }

  /** Blocks until the test opens the gate. */
  @OnCommand('slow', { lane: 'work' })
  async slow(payload: { n: number }): Promise<void> {
    this.slowStarted.push(payload.n);
    await this.gate.wait();
    this.slowFinished.push(payload.n);
  }

  /** An RPC on the default lane; answers with what the work lane is doing at that moment. */
  @OnCommand('ping')
  async ping(): Promise<{ pong: true; slow_in_flight: number; slow_finished: number }> {
    return { pong: true, slow_in_flight: this.slowStarted.length - this.slowFinished.length, slow_finished: this.slowFinished.length };
  }
}

@Injectable()
class BrittleWork {
  healed = false;
  attempts = 0;
  readonly handled: string[] = [];

  @OnCommand('fragile-job', { lane: 'work' })
  async job(_payload: unknown, meta: CommandMeta): Promise<void> {
    this.attempts += 1;
    if (!this.healed) throw new Error('not yet');
    this.handled.push(meta.envelopeId);
  }
}

@Injectable()
class DrainingWork {
  readonly gate = new Gate();
  started = 0;
  finished = 0;

  @OnCommand('long-job', { lane: 'work' })
  async job(): Promise<void> {
    this.started += 1;
    await this.gate.wait();
    this.finished += 1;
  }
}

describe('delayed commands through the outbox, and the work lane', () => {
  const db = new TestDatabase();
  const prefix = randomPrefix();
  const topology = new Topology(prefix);
  const apps: TestingModule[] = [];
  const meta = { correlationId: 'corr-lanes', merchantId: 'm-7' };
  let ordersDs: DataSource;
  let outbox: Outbox;
  let rpc: RpcClient;
  let worker: WorkerCommands;
  let raw: { conn: ChannelModel; ch: ConfirmChannel };

  beforeAll(async () => {
    await db.create();
    ordersDs = await db.dataSource('orders');
    const orders = await startService(ordersDs, { service: 'orders', prefix, rpcTimeoutMs: 10_000 });
    const workerApp = await startService(await db.dataSource('worker'), { service: 'worker', prefix, prefetch: 2, workPrefetch: 2 }, [WorkerCommands]);
    apps.push(orders, workerApp);
    outbox = orders.get(Outbox);
    rpc = orders.get(RpcClient);
    worker = workerApp.get(WorkerCommands);
    raw = await rawAmqp();
    // 'ghost' has no consumer: the test declares its queues and looks at where messages land.
    await topology.assertExchanges(raw.ch);
    await topology.assertCommandsQueue(raw.ch, 'ghost', 5);
    await topology.assertWorkQueue(raw.ch, 'ghost', 5);
  });

  afterAll(async () => {
    worker?.gate.open();
    for (const app of apps) await app.close();
    await raw?.conn.close().catch(() => undefined);
    await deleteBrokerObjects(prefix);
    await db.drop();
  });

  /** On a channel of its own: checking a queue that does not exist yet closes the channel (404). */
  async function queueDepth(queue: string): Promise<number> {
    const ch = await raw.conn.createChannel();
    ch.on('error', () => undefined);
    try {
      return (await ch.checkQueue(queue)).messageCount;
    } finally {
      await ch.close().catch(() => undefined);
    }
  }

  it('publishes a delayed outbox command after commit, no sooner than its delay, exactly once, and never one rolled back', async () => {
    const delayMs = 1_500;
    const committed = newEnvelope('remind', { n: 1 }, meta);
    const rolledBack = newEnvelope('remind', { n: 2 }, meta);
    const marker = newEnvelope('remind', { n: 3 }, meta);

    const before = Date.now();
    await ordersDs.transaction((tx) => outbox.add(tx, committed, { service: 'worker', command: 'remind', delayMs }));
    await expect(
      ordersDs.transaction(async (tx) => {
        await outbox.add(tx, rolledBack, { service: 'worker', command: 'remind', delayMs });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    // Same delay, committed after both: the TTL queue is FIFO, so once it arrived the others would have.
    await ordersDs.transaction((tx) => outbox.add(tx, marker, { service: 'worker', command: 'remind', delayMs }));

    const rows: { id: string; delay_ms: number; routing_key: string }[] = await ordersDs.query(
      'SELECT id, delay_ms, routing_key FROM orders.outbox WHERE id = $1',
      [committed.id],
    );
    expect(rows).toEqual([{ id: committed.id, delay_ms: delayMs, routing_key: 'worker' }]);

    // Waiting in the default lane's TTL queue, declared by the relay.
    await eventually(async () => expect(await queueDepth(topology.retryQueue('worker', delayMs))).toBeGreaterThan(0));
    expect(topology.retryQueue('worker', delayMs)).toBe(`${prefix}lipa.worker.retry.1500`);

    await eventually(() => expect(worker.reminders.map((r) => r.id)).toContain(marker.id), 20_000);
    const arrived = worker.reminders.filter((r) => r.id === committed.id);
    expect(arrived).toHaveLength(1);
    expect(arrived[0]!.at - before).toBeGreaterThanOrEqual(delayMs);
    expect(arrived[0]!.payload).toEqual({ n: 1 });
    expect(arrived[0]!.meta).toMatchObject({ correlationId: 'corr-lanes', merchantId: 'm-7' });
    expect(worker.reminders.map((r) => r.id)).not.toContain(rolledBack.id);

    const unpublished: { n: string }[] = await ordersDs.query('SELECT count(*) AS n FROM orders.outbox WHERE published_at IS NULL');
    expect(unpublished[0]!.n).toBe('0');
  });

  it('declares a retry queue again when it was deleted after the relay declared it', async () => {
    const delayMs = 700;
    const first = newEnvelope('remind', { n: 40 }, meta);
    await ordersDs.transaction((tx) => outbox.add(tx, first, { service: 'worker', command: 'remind', delayMs }));
    await eventually(() => expect(worker.reminders.map((r) => r.id)).toContain(first.id), 20_000);
    await raw.ch.deleteQueue(topology.retryQueue('worker', delayMs));

    const second = newEnvelope('remind', { n: 41 }, meta);
    await ordersDs.transaction((tx) => outbox.add(tx, second, { service: 'worker', command: 'remind', delayMs }));
    await eventually(() => expect(worker.reminders.map((r) => r.id)).toContain(second.id), 20_000);
  });

  it('brings a delayed work-lane outbox command back to the work queue, not the commands queue', async () => {
    const delayMs = 1_200;
    const envelope = newEnvelope('ghost-job', { n: 10 }, meta);
    const before = Date.now();
    await ordersDs.transaction((tx) => outbox.add(tx, envelope, { service: 'ghost', command: 'ghost-job', delayMs, lane: 'work' }));

    const workRetry = topology.retryQueue('ghost', delayMs, 'work');
    expect(workRetry).toBe(`${prefix}lipa.ghost.work.retry.1200`);
    await eventually(async () => expect(await queueDepth(workRetry)).toBe(1));

    const msg = await getMessage(raw.ch, topology.workQueue('ghost'), (m) => m.properties.messageId === envelope.id);
    expect(Date.now() - before).toBeGreaterThanOrEqual(delayMs);
    expect(msg.properties.type).toBe('ghost-job');
    expect(JSON.parse(msg.content.toString())).toEqual({ n: 10 });
    expect(await queueDepth(topology.commandsQueue('ghost'))).toBe(0);
    expect(await queueDepth(workRetry)).toBe(0);
  });

  it('sends to the work lane with RpcClient.send and sendDelayed, and the default lane without options', async () => {
    await rpc.send('ghost', 'now-work', { n: 20 }, meta, { lane: 'work' });
    await rpc.send('ghost', 'now-default', { n: 21 }, meta);
    await rpc.sendDelayed('ghost', 'later-work', { n: 22 }, meta, 300, { lane: 'work' });

    const types: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const m = await getMessage(raw.ch, topology.workQueue('ghost'), () => true);
      types.push(m.properties.type as string);
    }
    expect(types.sort()).toEqual(['later-work', 'now-work']);
    const d = await getMessage(raw.ch, topology.commandsQueue('ghost'), () => true);
    expect(d.properties.type).toBe('now-default');
    expect(await queueDepth(topology.commandsQueue('ghost'))).toBe(0);
    expect(await queueDepth(topology.workQueue('ghost'))).toBe(0);
  });

  it('runs a delayed work-lane outbox command on its work-lane handler after the delay', async () => {
    const delayMs = 1_000;
    const envelope = newEnvelope('later-work', { n: 30 }, meta);
    const before = Date.now();
    await ordersDs.transaction((tx) => outbox.add(tx, envelope, { service: 'worker', command: 'later-work', delayMs, lane: 'work' }));
    const arrival = await eventually(() => {
      const a = worker.laterWork.find((x) => x.id === envelope.id);
      if (!a) throw new Error('not yet');
      return a;
    }, 20_000);
    expect(arrival.at - before).toBeGreaterThanOrEqual(delayMs);
    expect(await queueDepth(topology.retryQueue('worker', delayMs, 'work'))).toBe(0);
  });

  it('answers an RPC on the default lane while every work-lane slot is held by a blocked handler', async () => {
    worker.gate.reset();
    for (const n of [1, 2, 3]) {
      await ordersDs.transaction((tx) => outbox.add(tx, newEnvelope('slow', { n }, meta), { service: 'worker', command: 'slow', lane: 'work' }));
    }
    // workPrefetch 2: two handlers hold both slots, the third message waits in the work queue. The
    // default lane's prefetch is 2 as well, so had the lanes shared a channel the RPC would find no slot.
    await eventually(() => expect(worker.slowStarted).toHaveLength(2));
    await eventually(async () => expect(await queueDepth(topology.workQueue('worker'))).toBe(1));

    const reply = await rpc.request<{ pong: boolean; slow_in_flight: number; slow_finished: number }>('worker', 'ping', {}, meta);
    // Answered while both work handlers were still blocked.
    expect(reply).toEqual({ pong: true, slow_in_flight: 2, slow_finished: 0 });
    expect(worker.slowFinished).toEqual([]);
    expect(worker.slowStarted).toHaveLength(2);

    worker.gate.open();
    await eventually(() => expect([...worker.slowFinished].sort()).toEqual([1, 2, 3]));
    expect(await queueDepth(topology.workQueue('worker'))).toBe(0);
  });

  it('rejects a delay that is not a positive integer of at most 7 days, and an unknown lane', async () => {
    for (const delayMs of [0, -5, 1.5, MAX_DELAY_MS + 1]) {
      await expect(
        ordersDs.transaction((tx) => outbox.add(tx, newEnvelope('remind', {}, meta), { service: 'worker', command: 'remind', delayMs })),
      ).rejects.toThrow(/delayMs/);
      await expect(rpc.sendDelayed('worker', 'remind', {}, meta, delayMs)).rejects.toThrow(/delayMs/);
    }
    await expect(
      ordersDs.transaction((tx) => outbox.add(tx, newEnvelope('remind', {}, meta), { service: 'worker', command: 'remind', lane: 'fast' as 'work' })),
    ).rejects.toThrow(/lane/);
    await expect(rpc.send('worker', 'remind', {}, meta, { lane: 'fast' as 'work' })).rejects.toThrow(/lane/);
  });

  it('redelivers a failing work-lane command, dead-letters it past the delivery limit, and replays it to the work queue', async () => {
    const app = await startService(await db.dataSource('brittle'), { service: 'brittle', prefix, deliveryLimit: 2 }, [BrittleWork]);
    apps.push(app);
    const brittle = app.get(BrittleWork);
    const dlq = app.get(DeadLetterQueue);
    const envelope = newEnvelope('fragile-job', {}, meta);
    await ordersDs.transaction((tx) => outbox.add(tx, envelope, { service: 'brittle', command: 'fragile-job', lane: 'work' }));

    await eventually(async () => expect(await dlq.count()).toBe(1), 20_000);
    expect(brittle.attempts).toBeGreaterThanOrEqual(2); // redelivered up to the limit, then the DLQ
    brittle.healed = true;
    expect(await dlq.replay()).toBe(1);
    await eventually(() => expect(brittle.handled).toEqual([envelope.id]));
  });

  it('lets an in-flight work handler finish on shutdown and acks it', async () => {
    const app = await startService(await db.dataSource('draining'), { service: 'draining', prefix }, [DrainingWork]);
    const draining = app.get(DrainingWork);
    const host = app.get(ConsumerHost, { strict: false });
    await rpc.send('draining', 'long-job', {}, meta, { lane: 'work' });
    await eventually(() => expect(draining.started).toBe(1));

    const closed = app.close();
    await eventually(() => expect(host.isStopping).toBe(true));
    expect(draining.finished).toBe(0);
    draining.gate.open();
    await closed;
    expect(draining.finished).toBe(1);
    // Acked before its channel closed: nothing left to redeliver.
    expect(await queueDepth(topology.workQueue('draining'))).toBe(0);
  });
});
