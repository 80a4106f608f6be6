import { randomUUID } from 'node:crypto';
import {
  GetLedgerStatementV1,
  GetMerchantBalancesV1,
  LEDGER_SERVICE,
  LedgerHoldResult,
  LedgerStatement,
  LedgerTransferInputV1,
  MerchantBalances,
  PlaceLedgerHoldV1,
  PostLedgerHoldV1,
  PostLedgerTransfersResult,
  PostLedgerTransfersV1,
  VoidLedgerHoldV1,
} from '@lipa/contracts';
import { AmqpConnection, RpcClient } from '@lipa/messaging';
import { infra } from '@lipa/testing';
import { LedgerTestApp, balancesNotMatchingTransfers, startLedgerService, sumOfBalances } from './ledger-test-app';

/** The ledger's commands through the broker, from a client that shares nothing with the service but RabbitMQ. */
describe('ledger commands over RabbitMQ', () => {
  let ledger: LedgerTestApp;
  let rpcConnection: AmqpConnection;
  let rpc: RpcClient;

  beforeAll(async () => {
    ledger = await startLedgerService('ledger_cmds', { LEDGER_HOLD_SWEEP_INTERVAL_MS: '600000' });
    rpcConnection = new AmqpConnection({
      service: 'ledger-cmd-client',
      amqpUrl: infra.amqpUrl,
      prefix: ledger.prefix,
      prefetch: 1,
      deliveryLimit: 5,
      rpcTimeoutMs: 5_000,
    });
    rpc = new RpcClient(rpcConnection);
  });

  afterAll(async () => {
    rpc?.close();
    await rpcConnection?.close();
    await ledger?.close();
  });

  afterEach(async () => {
    expect(await sumOfBalances(ledger.dataSource)).toBe(0n);
    expect(await balancesNotMatchingTransfers(ledger.dataSource)).toEqual([]);
  });

  const call = <R>(command: string, payload: unknown) => rpc.request<R>(LEDGER_SERVICE, command, payload, { correlationId: randomUUID() });
  const merchant = () => `m_${randomUUID().slice(0, 8)}`;
  const input = (id: string, debit: string, credit: string, amount: string, extra: Partial<LedgerTransferInputV1> = {}): LedgerTransferInputV1 => ({
    id,
    debit_account: debit,
    credit_account: credit,
    amount_minor: amount,
    code: 'top_up',
    cause_type: 'top_up',
    cause_id: id,
    ...extra,
  });
  const postedEvents = async (transferId: string) =>
    (
      await ledger.dataSource.query(
        `SELECT count(*)::int AS n FROM ledger.outbox WHERE type = 'ledger.transfer.posted' AND payload->'transfers' @> $1::jsonb`,
        [JSON.stringify([{ id: transferId }])],
      )
    )[0].n as number;

  it('posts a transfer once however often the command is delivered, and publishes ledger.transfer.posted once', async () => {
    const m = merchant();
    const command: PostLedgerTransfersV1 = {
      transfers: [input(`topup:${m}`, 'platform:live:funding', `merchant:${m}:live:service_wallet`, '5000', { metadata: { admin: 'a_1' } })],
    };
    const first = await call<PostLedgerTransfersResult>(PostLedgerTransfersV1.command, command);
    const again = await call<PostLedgerTransfersResult>(PostLedgerTransfersV1.command, command);
    expect(first.transfers[0]).toMatchObject({
      id: `topup:${m}`,
      type: 'single',
      amount_minor: '5000',
      code: 'top_up',
      created: true,
      metadata: { admin: 'a_1' },
    });
    expect(again.transfers[0]).toMatchObject({ id: `topup:${m}`, created: false });
    expect(await postedEvents(`topup:${m}`)).toBe(1);
    const balances = await call<MerchantBalances>(GetMerchantBalancesV1.command, { merchant_id: m });
    expect(balances.service_wallet_minor).toBe('5000');
    await expect(call(PostLedgerTransfersV1.command, { transfers: [{ ...command.transfers[0], amount_minor: '5001' }] })).rejects.toMatchObject({
      code: 'transfer_exists_with_different_content',
      status: 409,
    });
  });

  it('places, posts and voids holds by command; a repeated post or void answers the same, a conflicting one is refused', async () => {
    const m = merchant();
    const w = `merchant:${m}:live:b2c_wallet`;
    await call(PostLedgerTransfersV1.command, { transfers: [input(`topup:${m}`, 'platform:live:funding', w, '10000')] });
    const place = (id: string, amount: string): PlaceLedgerHoldV1 => ({
      ...input(id, w, 'platform:live:suspense', amount, { code: 'payout' }),
      timeout_ms: 60_000,
    });
    await call(PlaceLedgerHoldV1.command, place(`p:${m}`, '6000'));
    await call(PlaceLedgerHoldV1.command, place(`p:${m}`, '6000')); // redelivered: one hold
    await expect(call(PlaceLedgerHoldV1.command, place(`q:${m}`, '4001'))).rejects.toMatchObject({ code: 'insufficient_funds', status: 422 });
    await call(PlaceLedgerHoldV1.command, place(`q:${m}`, '4000'));
    expect((await call<MerchantBalances>(GetMerchantBalancesV1.command, { merchant_id: m })).wallets!.b2c_wallet).toEqual({
      available_minor: '0',
      held_minor: '10000',
      total_minor: '10000',
    });

    const posted = await call<LedgerHoldResult>(PostLedgerHoldV1.command, { hold_id: `p:${m}`, amount_minor: '5500' });
    expect(posted.hold).toMatchObject({ hold_state: 'posted', posted_amount_minor: '5500' });
    expect(posted.posted_transfer).toMatchObject({ id: `p:${m}:post`, amount_minor: '5500', pending_id: `p:${m}` });
    const repeated = await call<LedgerHoldResult>(PostLedgerHoldV1.command, { hold_id: `p:${m}`, amount_minor: '5500' });
    expect(repeated.posted_transfer).toMatchObject({ id: `p:${m}:post`, amount_minor: '5500' });
    expect(await postedEvents(`p:${m}:post`)).toBe(1);
    await expect(call(PostLedgerHoldV1.command, { hold_id: `p:${m}` })).rejects.toMatchObject({ code: 'hold_already_posted', status: 409 });
    await expect(call(VoidLedgerHoldV1.command, { hold_id: `p:${m}` })).rejects.toMatchObject({ code: 'hold_already_posted' });

    expect((await call<LedgerHoldResult>(VoidLedgerHoldV1.command, { hold_id: `q:${m}` })).hold.hold_state).toBe('voided');
    expect((await call<LedgerHoldResult>(VoidLedgerHoldV1.command, { hold_id: `q:${m}` })).hold.hold_state).toBe('voided');
    await expect(call(PostLedgerHoldV1.command, { hold_id: `q:${m}` })).rejects.toMatchObject({ code: 'hold_already_voided' });
    await expect(call(PostLedgerHoldV1.command, { hold_id: `none:${m}` })).rejects.toMatchObject({ code: 'hold_not_found', status: 404 });
    expect((await call<MerchantBalances>(GetMerchantBalancesV1.command, { merchant_id: m })).wallets!.b2c_wallet).toEqual({
      available_minor: '4500',
      held_minor: '0',
      total_minor: '4500',
    });
  });

  it('posts a linked payout and fee together or not at all', async () => {
    const m = merchant();
    const w = `merchant:${m}:live:b2c_wallet`;
    await call(PostLedgerTransfersV1.command, { transfers: [input(`topup:${m}`, 'platform:live:funding', w, '1000')] });
    const payout = input(`po:${m}`, w, 'platform:live:suspense', '950', { code: 'payout' });
    const fee = input(`po_fee:${m}`, w, 'platform:live:fee_revenue', '51', { code: 'fee' });
    await expect(call(PostLedgerTransfersV1.command, { transfers: [payout, fee] })).rejects.toMatchObject({ code: 'insufficient_funds' });
    expect((await call<MerchantBalances>(GetMerchantBalancesV1.command, { merchant_id: m })).b2c_wallet_minor).toBe('1000');
    const ok = await call<PostLedgerTransfersResult>(PostLedgerTransfersV1.command, { transfers: [payout, { ...fee, amount_minor: '50' }] });
    expect(ok.transfers.map((t) => t.created)).toEqual([true, true]);
    expect((await call<MerchantBalances>(GetMerchantBalancesV1.command, { merchant_id: m })).b2c_wallet_minor).toBe('0');
  });

  it('answers a wallet statement by command, only for the merchant and mode asked about', async () => {
    const m = merchant();
    const w = `merchant:${m}:live:service_wallet`;
    await call(PostLedgerTransfersV1.command, { transfers: [input(`a:${m}`, 'platform:live:funding', w, '300')] });
    await call(PostLedgerTransfersV1.command, { transfers: [input(`b:${m}`, w, 'platform:live:fee_revenue', '120', { code: 'fee' })] });
    const statement = await call<LedgerStatement>(GetLedgerStatementV1.command, { merchant_id: m, wallet: 'service_wallet', page: 1, limit: 10 });
    expect(statement.data.map((e) => [e.transfer_id, e.direction, e.amount_minor, e.balance_after_minor])).toEqual([
      [`b:${m}`, 'debit', '120', '180'],
      [`a:${m}`, 'credit', '300', '300'],
    ]);
    expect(statement.pagination).toEqual({ current_page: 1, per_page: 10, total_items: 2, total_pages: 1 });
    expect((await call<LedgerStatement>(GetLedgerStatementV1.command, { merchant_id: merchant(), wallet: 'service_wallet' })).data).toEqual([]);
    expect((await call<LedgerStatement>(GetLedgerStatementV1.command, { merchant_id: m, wallet: 'service_wallet', mode: 'test' })).data).toEqual([]);
    await expect(call(GetLedgerStatementV1.command, { merchant_id: m, wallet: 'service_wallet', limit: 101 })).rejects.toMatchObject({
      code: 'validation_error',
      status: 400,
    });
  });

  it('refuses malformed commands with validation_error and bad transfers with their own code', async () => {
    await expect(call(PostLedgerTransfersV1.command, { transfers: [] })).rejects.toMatchObject({ code: 'validation_error', status: 400 });
    await expect(
      call(PostLedgerTransfersV1.command, { transfers: [input('x', 'platform:live:funding', 'merchant:m:live:b2c_wallet', '1.5')] }),
    ).rejects.toMatchObject({
      code: 'validation_error',
    });
    await expect(call(PlaceLedgerHoldV1.command, { ...input('y', 'platform:live:funding', 'merchant:m:live:b2c_wallet', '1') })).rejects.toMatchObject({
      code: 'validation_error',
    });
    await expect(call(PostLedgerTransfersV1.command, { transfers: [input('z', 'platform:cash', 'merchant:m:live:b2c_wallet', '1')] })).rejects.toMatchObject({
      code: 'invalid_transfer',
      status: 400,
    });
    await expect(
      call(PostLedgerTransfersV1.command, { transfers: [input('w', 'platform:test:funding', 'merchant:m:live:b2c_wallet', '1')] }),
    ).rejects.toMatchObject({
      code: 'transfer_mixes_modes',
      status: 422,
    });
  });
});
