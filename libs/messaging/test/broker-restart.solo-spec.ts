// Stops and starts the shared RabbitMQ node (rabbitmqctl stop_app/start_app): every other suite
// using the broker at that moment is disrupted, so CI runs this file alone, in band.
import { Injectable } from '@nestjs/common';
import { TestingModule } from '@nestjs/testing';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DataSource, EntityManager } from 'typeorm';
import { AmqpConnection, Envelope, newEnvelope, OnCommand, OnEvent, Outbox, RpcClient } from '@lipa/messaging';
import { deleteBrokerObjects, eventually, randomPrefix, startService, TestDatabase } from './helpers';

const exec = promisify(execFile);
const rabbitmqctl = (cmd: 'stop_app' | 'start_app' | 'await_startup') => exec('rabbitmqctl', ['-q', cmd]);

@Injectable()
class BooksConsumer {
  readonly calls = new Map<string, number>();

  @OnEvent('book.sold')
  async onBookSold(tx: EntityManager, envelope: Envelope): Promise<void> {
    await tx.query('SELECT 1');
    this.calls.set(envelope.id, (this.calls.get(envelope.id) ?? 0) + 1);
  }

  @OnCommand('ping')
  async ping(): Promise<string> {
    return 'pong';
  }
}

describe('through a broker restart', () => {
  const db = new TestDatabase();
  const prefix = randomPrefix();
  const apps: TestingModule[] = [];
  let shopDs: DataSource;
  let outbox: Outbox;
  let rpc: RpcClient;
  let shopAmqp: AmqpConnection;
  let books: BooksConsumer;

  beforeAll(async () => {
    await db.create();
    shopDs = await db.dataSource('shop');
    const shop = await startService(shopDs, { service: 'shop', prefix, rpcTimeoutMs: 2_000 });
    const booksApp = await startService(await db.dataSource('books'), { service: 'books', prefix }, [BooksConsumer]);
    apps.push(shop, booksApp);
    outbox = shop.get(Outbox);
    rpc = shop.get(RpcClient);
    shopAmqp = shop.get(AmqpConnection);
    books = booksApp.get(BooksConsumer);
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await deleteBrokerObjects(prefix);
    await db.drop();
  });

  const commit = async (n: number, ids: string[]): Promise<void> => {
    for (let i = 0; i < n; i++) {
      const e = newEnvelope('book.sold', { i }, { correlationId: 'corr-restart' });
      await shopDs.transaction((tx) => outbox.add(tx, e));
      ids.push(e.id);
    }
  };

  it('consumes every event committed before, during and after the outage exactly once', async () => {
    const ids: string[] = [];
    await expect(rpc.request('books', 'ping', {}, { correlationId: 'c' })).resolves.toBe('pong');
    await commit(20, ids);
    try {
      await rabbitmqctl('stop_app');
      await eventually(() => expect(shopAmqp.isConnected()).toBe(false), 15_000);
      await commit(30, ids);
      const pending: { n: string }[] = await shopDs.query('SELECT count(*) AS n FROM shop.outbox WHERE published_at IS NULL');
      expect(Number(pending[0]!.n)).toBeGreaterThanOrEqual(30);
    } finally {
      await rabbitmqctl('start_app');
      await rabbitmqctl('await_startup').catch(() => undefined);
    }
    await commit(10, ids);

    await eventually(() => expect(books.calls.size).toBe(ids.length), 45_000);
    await eventually(async () => {
      const r: { n: string }[] = await shopDs.query('SELECT count(*) AS n FROM shop.outbox WHERE published_at IS NULL');
      expect(r[0]!.n).toBe('0');
    });
    expect(ids.every((id) => books.calls.get(id) === 1)).toBe(true);
    expect([...books.calls.keys()].sort()).toEqual([...ids].sort());

    // The direct reply-to consumer came back with the connection.
    await eventually(() => expect(rpc.request('books', 'ping', {}, { correlationId: 'c', timeoutMs: 1_000 })).resolves.toBe('pong'), 20_000);
  });
});
