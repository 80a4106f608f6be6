import { Injectable } from '@nestjs/common';
import { TestingModule } from '@nestjs/testing';
import { LipaError } from '@lipa/platform';
import type { Channel } from 'amqplib';
import { DataSource } from 'typeorm';
import { AmqpConnection, CommandMeta, OnCommand, RpcClient, RpcError, RpcTimeoutError } from '@lipa/messaging';
import { deleteBrokerObjects, eventually, randomPrefix, startService, TestDatabase } from './helpers';

class AccountNotFound extends LipaError {
  readonly code = 'account_not_found';
  readonly status = 404;
}

@Injectable()
class AccountsCommands {
  readonly reminders: { at: number; payload: unknown; meta: CommandMeta }[] = [];
  flaky = 0;

  @OnCommand('get-balance')
  async getBalance(payload: { account: string }, meta: CommandMeta): Promise<{ account: string; balance_minor: number; merchant_id?: string }> {
    return { account: payload.account, balance_minor: 1234, merchant_id: meta.merchantId };
  }

  @OnCommand('close-account')
  async closeAccount(payload: { account: string }): Promise<void> {
    throw new AccountNotFound(`No account ${payload.account}`, { account: payload.account });
  }

  @OnCommand('crash')
  async crash(): Promise<void> {
    throw new TypeError('cannot read properties of undefined');
  }

  @OnCommand('remind')
  async remind(payload: unknown, meta: CommandMeta): Promise<void> {
    this.reminders.push({ at: Date.now(), payload, meta });
  }

  constructor(private readonly dataSource: DataSource) {}

  /** A value Postgres cannot store (a smallint past its range), as a command with a caller's data can carry. */
  @OnCommand('store-count')
  async storeCount(payload: { count: number }): Promise<void> {
    await this.dataSource.query('SELECT $1::smallint', [payload.count]);
  }

  @OnCommand('flaky')
  async flakyOnce(): Promise<void> {
    this.flaky += 1;
    if (this.flaky === 1) throw new Error('first attempt fails');
  }
}

describe('commands and request/reply', () => {
  const db = new TestDatabase();
  const prefix = randomPrefix();
  const apps: TestingModule[] = [];
  let rpc: RpcClient;
  let gatewayAmqp: AmqpConnection;
  let accounts: AccountsCommands;
  const meta = { correlationId: 'corr-rpc', merchantId: 'm-42' };

  beforeAll(async () => {
    await db.create();
    const accountsApp = await startService(await db.dataSource('accounts'), { service: 'accounts', prefix }, [AccountsCommands]);
    const gateway = await startService(await db.dataSource('gateway'), { service: 'gateway', prefix, rpcTimeoutMs: 5_000 });
    apps.push(accountsApp, gateway);
    rpc = gateway.get(RpcClient);
    gatewayAmqp = gateway.get(AmqpConnection);
    accounts = accountsApp.get(AccountsCommands);
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await deleteBrokerObjects(prefix);
    await db.drop();
  });

  it('returns the remote handler’s result', async () => {
    await expect(rpc.request('accounts', 'get-balance', { account: 'a-1' }, meta)).resolves.toEqual({
      account: 'a-1',
      balance_minor: 1234,
      merchant_id: 'm-42',
    });
    const many = await Promise.all(
      Array.from({ length: 50 }, (_, i) => rpc.request<{ account: string }>('accounts', 'get-balance', { account: `a-${i}` }, meta)),
    );
    expect(many.map((r) => r.account)).toEqual(Array.from({ length: 50 }, (_, i) => `a-${i}`));
  });

  it('raises a remote LipaError as RpcError with the same code, status and message', async () => {
    const err = await rpc.request('accounts', 'close-account', { account: 'a-9' }, meta).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect(err).toBeInstanceOf(LipaError);
    expect(err).toMatchObject({ code: 'account_not_found', status: 404, message: 'No account a-9', details: { account: 'a-9' } });
  });

  it('hides a non-LipaError behind internal_error', async () => {
    await expect(rpc.request('accounts', 'crash', {}, meta)).rejects.toMatchObject({
      code: 'internal_error',
      status: 500,
      message: 'Internal error',
    });
  });

  it('answers a value Postgres cannot store with 400 validation_error, not internal_error', async () => {
    await expect(rpc.request('accounts', 'store-count', { count: 99_999 }, meta)).rejects.toMatchObject({ code: 'validation_error', status: 400 });
  });

  it('times out with RpcTimeoutError when the service has no consumer', async () => {
    const started = Date.now();
    const err = await rpc.request('ghost', 'anything', {}, { ...meta, timeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcTimeoutError);
    expect(err).toMatchObject({ code: 'upstream_timeout', status: 504 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('delivers a fire-and-forget command, retrying it after a failure', async () => {
    await rpc.send('accounts', 'flaky', {}, meta);
    await eventually(() => expect(accounts.flaky).toBe(2));
  });

  it('delivers a delayed command no earlier than its delay', async () => {
    const delayMs = 1_500;
    const sentAt = Date.now();
    await rpc.sendDelayed('accounts', 'remind', { n: 1 }, meta, delayMs);
    const reminder = await eventually(() => {
      const r = accounts.reminders.find((x) => (x.payload as { n: number }).n === 1);
      if (!r) throw new Error('not yet');
      return r;
    }, 15_000);
    expect(reminder.at - sentAt).toBeGreaterThanOrEqual(delayMs);
    expect(reminder.meta).toMatchObject({ correlationId: 'corr-rpc', merchantId: 'm-42' });
  });

  it('recovers a channel closed by a channel-level error', async () => {
    let raw: Channel | undefined;
    const probe = gatewayAmqp.createChannel('probe', async (ch: Channel) => {
      raw = ch;
    });
    await probe.waitForConnect();
    const first = raw!;
    await expect(first.checkQueue(`${prefix}does-not-exist`)).rejects.toThrow(/NOT_FOUND/);
    // The connection is re-established, so the probe channel and the RPC channel work again.
    await eventually(() => expect(raw).not.toBe(first), 15_000);
    await expect(probe.publish('', `${prefix}does-not-exist`, Buffer.from('{}'))).resolves.toBe(true);
    await eventually(
      () => expect(rpc.request('accounts', 'get-balance', { account: 'a-r' }, { ...meta, timeoutMs: 1_000 })).resolves.toMatchObject({ account: 'a-r' }),
      15_000,
    );
    await gatewayAmqp.closeChannel(probe);
  });
});
