import { randomUUID } from 'node:crypto';
import { LedgerQueries } from '../src/ledger/ledger-queries';
import { PostTransfer } from '../src/ledger/post-transfer.use-case';
import { TransferRequest } from '../src/ledger/transfer-rules';
import { LedgerTestApp, balances, balancesNotMatchingTransfers, startLedgerService, sumOfBalances } from './ledger-test-app';

const FLOAT = 'platform:live:mpesa_collections:unattributed';

describe('PostTransfer (real Postgres)', () => {
  let ledger: LedgerTestApp;
  let postTransfer: PostTransfer;

  beforeAll(async () => {
    ledger = await startLedgerService('ledger_post');
    postTransfer = ledger.app.get(PostTransfer);
  });

  afterAll(async () => {
    await ledger?.close();
  });

  const post = (request: TransferRequest) => ledger.dataSource.transaction((tx) => postTransfer.execute(tx, request));
  const merchant = () => `m_${randomUUID().slice(0, 8)}`;
  const transferCount = async (id: string) => Number((await ledger.dataSource.query(`SELECT count(*) AS n FROM ledger.transfers WHERE id = $1`, [id]))[0].n);

  it('seeds the platform accounts of both modes: fee revenue never negative, funding and suspense free', async () => {
    const rows = await ledger.dataSource.query(
      `SELECT code, debits_must_not_exceed_credits AS d, credits_must_not_exceed_debits AS c FROM ledger.accounts WHERE merchant_id IS NULL ORDER BY code`,
    );
    expect(rows).toEqual([
      { code: 'platform:live:fee_revenue', d: true, c: false },
      { code: 'platform:live:funding', d: false, c: false },
      // The floats of CreateLedger, carried over as the collections of the unattributed shortcode.
      { code: 'platform:live:mpesa_collections:unattributed', d: false, c: false },
      { code: 'platform:live:suspense', d: false, c: false },
      { code: 'platform:test:fee_revenue', d: true, c: false },
      { code: 'platform:test:funding', d: false, c: false },
      { code: 'platform:test:mpesa_collections:unattributed', d: false, c: false },
      { code: 'platform:test:suspense', d: false, c: false },
    ]);
  });

  it('moves money from debit to credit and opens merchant accounts on demand', async () => {
    const m = merchant();
    const posted = await post({
      id: `t:${m}`,
      debitCode: FLOAT,
      creditCode: `merchant:${m}:live:collections`,
      amountMinor: 150000n,
      code: 'stk_collection',
      causeType: 'test',
      causeId: 'c_1',
      reference: 'UJ22T8IYOU',
    });
    expect(posted).toMatchObject({ created: true, amountMinor: 150000n, reference: 'UJ22T8IYOU', creditCode: `merchant:${m}:live:collections` });
    expect((await balances(ledger.dataSource))[`merchant:${m}:live:collections`]).toBe(150000n);
    expect(await ledger.app.get(LedgerQueries).merchantBalances(m)).toMatchObject({
      merchant_id: m,
      currency: 'KES',
      mode: 'live',
      service_wallet_minor: '0',
      b2c_wallet_minor: '0',
      collections_minor: '150000',
    });
  });

  it('posts an id once: the same content again returns the first transfer and moves nothing', async () => {
    const m = merchant();
    const request: TransferRequest = {
      id: `t:${m}`,
      debitCode: FLOAT,
      creditCode: `merchant:${m}:live:collections`,
      amountMinor: 700n,
      code: 'stk_collection',
      causeType: 'test',
      causeId: 'c_1',
    };
    const first = await post(request);
    const second = await post({ ...request });
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ id: first.id, created: false, amountMinor: 700n });
    expect((await balances(ledger.dataSource))[`merchant:${m}:live:collections`]).toBe(700n);
    expect(await transferCount(request.id)).toBe(1);
  });

  it('refuses to reuse an id for a different amount (transfer_exists_with_different_content) and changes nothing', async () => {
    const m = merchant();
    const request: TransferRequest = {
      id: `t:${m}`,
      debitCode: FLOAT,
      creditCode: `merchant:${m}:live:collections`,
      amountMinor: 500n,
      code: 'stk_collection',
      causeType: 'test',
      causeId: 'c_1',
    };
    await post(request);
    const before = await balances(ledger.dataSource);
    await expect(post({ ...request, amountMinor: 600n })).rejects.toMatchObject({ code: 'transfer_exists_with_different_content', status: 409 });
    expect(await balances(ledger.dataSource)).toEqual(before);
    await expect(post({ ...request, metadata: { other: true } })).rejects.toMatchObject({ code: 'transfer_exists_with_different_content' });
    await expect(post({ ...request, causeId: 'c_2' })).rejects.toMatchObject({ code: 'transfer_exists_with_different_content' });
    expect(await balances(ledger.dataSource)).toEqual(before);
  });

  it('refuses a debit the merchant wallet cannot cover with insufficient_funds, and changes nothing', async () => {
    const m = merchant();
    await post({
      id: `topup:${m}`,
      debitCode: 'platform:live:suspense',
      creditCode: `merchant:${m}:live:service_wallet`,
      amountMinor: 1000n,
      code: 'wallet_top_up',
      causeType: 'test',
      causeId: 'c_1',
    });
    const before = await balances(ledger.dataSource);

    const overdraw: TransferRequest = {
      id: `fee:${m}`,
      debitCode: `merchant:${m}:live:service_wallet`,
      creditCode: 'platform:live:fee_revenue',
      amountMinor: 1001n,
      code: 'service_fee',
      causeType: 'test',
      causeId: 'c_1',
    };
    await expect(post(overdraw)).rejects.toMatchObject({ code: 'insufficient_funds', status: 422 });

    expect(await balances(ledger.dataSource)).toEqual(before);
    expect(await transferCount(overdraw.id)).toBe(0);
    // The exact balance is still spendable: the refusal was about the amount, not the account.
    await post({ ...overdraw, amountMinor: 1000n });
    expect((await balances(ledger.dataSource))[`merchant:${m}:live:service_wallet`]).toBe(0n);
  });

  it('refuses to debit a merchant wallet that was never funded', async () => {
    const m = merchant();
    await expect(
      post({
        id: `payout:${m}`,
        debitCode: `merchant:${m}:live:b2c_wallet`,
        creditCode: FLOAT,
        amountMinor: 1n,
        code: 'b2c_payout',
        causeType: 'test',
        causeId: 'c_1',
      }),
    ).rejects.toMatchObject({ code: 'insufficient_funds' });
    expect((await balances(ledger.dataSource))[`merchant:${m}:live:b2c_wallet`]).toBeUndefined();
  });

  it.each<[string, Partial<TransferRequest>]>([
    ['a zero amount', { amountMinor: 0n }],
    ['a negative amount', { amountMinor: -5n }],
    ['debit equal to credit', { creditCode: FLOAT }],
    ['an unknown account code', { creditCode: 'merchant:x:savings' }],
  ])('refuses %s with invalid_transfer before touching the database', async (_name, change) => {
    const id = `bad:${randomUUID()}`;
    await expect(
      post({
        id,
        debitCode: FLOAT,
        creditCode: `merchant:${merchant()}:live:collections`,
        amountMinor: 10n,
        code: 'stk_collection',
        causeType: 'test',
        causeId: 'c_1',
        ...change,
      }),
    ).rejects.toMatchObject({ code: 'invalid_transfer', status: 400 });
    expect(await transferCount(id)).toBe(0);
  });

  it('lets exactly as many of 50 concurrent debits through as the wallet covers, never overdrawing it', async () => {
    const m = merchant();
    await post({
      id: `topup:${m}`,
      debitCode: 'platform:live:suspense',
      creditCode: `merchant:${m}:live:b2c_wallet`,
      amountMinor: 1000n,
      code: 'wallet_top_up',
      causeType: 'test',
      causeId: 'c_1',
    });

    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        post({
          id: `payout:${m}:${i}`,
          debitCode: `merchant:${m}:live:b2c_wallet`,
          creditCode: FLOAT,
          amountMinor: 30n,
          code: 'b2c_payout',
          causeType: 'test',
          causeId: 'c_1',
        }),
      ),
    );

    const succeeded = results.filter((r) => r.status === 'fulfilled').length;
    const refusals = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => (r.reason as { code?: string }).code);
    expect(succeeded).toBe(33); // 33 × 30 = 990 ≤ 1000 < 34 × 30
    expect(refusals).toEqual(Array(17).fill('insufficient_funds'));
    expect((await balances(ledger.dataSource))[`merchant:${m}:live:b2c_wallet`]).toBe(10n);
  });

  it('keeps exact balances under 50 concurrent postings in both directions between the same two accounts (no deadlock)', async () => {
    const m = merchant();
    const collections = `merchant:${m}:live:collections`;
    await post({ id: `seed:${m}`, debitCode: FLOAT, creditCode: collections, amountMinor: 10_000n, code: 'stk_collection', causeType: 'test', causeId: 'c_1' });
    const floatBefore = (await balances(ledger.dataSource))[FLOAT];

    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 2 === 0
          ? post({
              id: `in:${m}:${i}`,
              debitCode: FLOAT,
              creditCode: collections,
              amountMinor: 100n + BigInt(i),
              code: 'stk_collection',
              causeType: 'test',
              causeId: 'c_1',
            })
          : post({ id: `out:${m}:${i}`, debitCode: collections, creditCode: FLOAT, amountMinor: 100n, code: 'settlement', causeType: 'test', causeId: 'c_1' }),
      ),
    );

    // in: Σ(100 + i) over even i in 0..48 = 25 × 100 + 600 = 3100; out: 25 × 100 = 2500.
    const after = await balances(ledger.dataSource);
    expect(after[collections]).toBe(10_000n + 3100n - 2500n);
    expect(after[FLOAT]).toBe(floatBefore - 600n);
  });

  it('posts one transfer when 50 callers race with the same id', async () => {
    const m = merchant();
    const request: TransferRequest = {
      id: `race:${m}`,
      debitCode: FLOAT,
      creditCode: `merchant:${m}:live:collections`,
      amountMinor: 250n,
      code: 'stk_collection',
      causeType: 'test',
      causeId: 'c_1',
    };
    const results = await Promise.all(Array.from({ length: 50 }, () => post(request)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await transferCount(request.id)).toBe(1);
    expect((await balances(ledger.dataSource))[`merchant:${m}:live:collections`]).toBe(250n);
  });

  it('posts on its own when given the DataSource manager: atomic, refused and replayed as inside a transaction', async () => {
    const m = merchant();
    const alone = (r: TransferRequest) => postTransfer.execute(ledger.dataSource.manager, r);
    const topUp: TransferRequest = {
      id: `alone:${m}`,
      debitCode: 'platform:live:funding',
      creditCode: `merchant:${m}:live:b2c_wallet`,
      amountMinor: 100n,
      code: 'top_up',
      causeType: 'test',
      causeId: 'c_1',
    };
    expect((await alone(topUp)).created).toBe(true); // new accounts: the general path, in a transaction of its own
    const spend = { ...topUp, id: `alone:${m}:spend`, debitCode: topUp.creditCode, creditCode: 'platform:live:fee_revenue', amountMinor: 60n, code: 'fee' };
    expect((await alone(spend)).created).toBe(true); // from here on both accounts are known: the one-statement path first
    expect((await alone(spend)).created).toBe(false);
    await expect(alone({ ...spend, id: `alone:${m}:again` })).rejects.toMatchObject({ code: 'insufficient_funds' });
    await expect(alone({ ...spend, amountMinor: 1n })).rejects.toMatchObject({ code: 'transfer_exists_with_different_content' });
    const linked = postTransfer.executeLinked(ledger.dataSource.manager, [
      { ...spend, id: `alone:${m}:l1`, amountMinor: 40n },
      { ...spend, id: `alone:${m}:l2`, amountMinor: 1n },
    ]);
    await expect(linked).rejects.toMatchObject({ code: 'insufficient_funds', details: { transfer_id: `alone:${m}:l2` } });
    expect((await balances(ledger.dataSource))[`merchant:${m}:live:b2c_wallet`]).toBe(40n);
    expect(await transferCount(`alone:${m}:l1`)).toBe(0);
  });

  it('keeps the sum of all balances at zero and every balance equal to its transfers', async () => {
    const m = merchant();
    await post({
      id: `a:${m}`,
      debitCode: FLOAT,
      creditCode: `merchant:${m}:live:collections`,
      amountMinor: 9_007_199_254_740_993n,
      code: 'stk_collection',
      causeType: 'test',
      causeId: 'c_1',
    });
    await post({
      id: `b:${m}`,
      debitCode: 'platform:live:suspense',
      creditCode: `merchant:${m}:live:service_wallet`,
      amountMinor: 5_000n,
      code: 'wallet_top_up',
      causeType: 'test',
      causeId: 'c_1',
    });
    await post({
      id: `c:${m}`,
      debitCode: `merchant:${m}:live:service_wallet`,
      creditCode: 'platform:live:fee_revenue',
      amountMinor: 1_234n,
      code: 'service_fee',
      causeType: 'test',
      causeId: 'c_1',
    });
    await post({
      id: `d:${m}`,
      debitCode: `merchant:${m}:live:collections`,
      creditCode: `merchant:${m}:live:b2c_wallet`,
      amountMinor: 7n,
      code: 'sweep',
      causeType: 'test',
      causeId: 'c_1',
    });

    expect(await sumOfBalances(ledger.dataSource)).toBe(0n);
    expect(await balancesNotMatchingTransfers(ledger.dataSource)).toEqual([]);
    const after = await balances(ledger.dataSource);
    expect(after[`merchant:${m}:live:collections`]).toBe(9_007_199_254_740_986n); // above 2^53: bigint all the way
    expect(after[`merchant:${m}:live:b2c_wallet`]).toBe(7n);
    expect(after[`merchant:${m}:live:service_wallet`]).toBe(3_766n);
  });
});
