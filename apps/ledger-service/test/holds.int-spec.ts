import { randomUUID } from 'node:crypto';
import { ExpireHolds } from '../src/ledger/expire-holds.use-case';
import { LedgerQueries } from '../src/ledger/ledger-queries';
import { PostHold } from '../src/ledger/post-hold.use-case';
import { PostTransfer } from '../src/ledger/post-transfer.use-case';
import { TransferRequest } from '../src/ledger/transfer-rules';
import { VoidHold } from '../src/ledger/void-hold.use-case';
import { LedgerTestApp, balancesNotMatchingTransfers, startLedgerService, sumOfBalances } from './ledger-test-app';

const FUNDING = 'platform:live:funding';
const FEES = 'platform:live:fee_revenue';

describe('holds, linked transfers and the chart rules (real Postgres)', () => {
  let ledger: LedgerTestApp;
  let postTransfer: PostTransfer;
  let postHold: PostHold;
  let voidHold: VoidHold;
  let expireHolds: ExpireHolds;

  beforeAll(async () => {
    // The sweeper runs only when the tests call it: a timer would race the assertions.
    ledger = await startLedgerService('ledger_holds', { LEDGER_HOLD_SWEEP_INTERVAL_MS: '600000' });
    postTransfer = ledger.app.get(PostTransfer);
    postHold = ledger.app.get(PostHold);
    voidHold = ledger.app.get(VoidHold);
    expireHolds = ledger.app.get(ExpireHolds);
  });

  afterAll(async () => {
    await ledger?.close();
  });

  afterEach(async () => {
    expect(await sumOfBalances(ledger.dataSource)).toBe(0n);
    expect(await balancesNotMatchingTransfers(ledger.dataSource)).toEqual([]);
  });

  const tx = <T>(work: (t: import('typeorm').EntityManager) => Promise<T>) => ledger.dataSource.transaction(work);
  const post = (r: TransferRequest) => tx((t) => postTransfer.execute(t, r));
  const merchant = () => `m_${randomUUID().slice(0, 8)}`;
  const wallet = (m: string, kind = 'b2c_wallet') => `merchant:${m}:live:${kind}`;
  const transfer = (id: string, debitCode: string, creditCode: string, amountMinor: bigint, extra: Partial<TransferRequest> = {}): TransferRequest => ({
    id,
    debitCode,
    creditCode,
    amountMinor,
    code: 'payout',
    causeType: 'payout',
    causeId: id,
    ...extra,
  });
  const fund = (m: string, amountMinor: bigint, kind = 'b2c_wallet') =>
    post(transfer(`topup:${m}:${kind}`, FUNDING, wallet(m, kind), amountMinor, { code: 'top_up' }));
  const account = async (code: string) => {
    const [row]: { balance_minor: string; held_minor: string }[] = await ledger.dataSource.query(
      `SELECT balance_minor, held_minor FROM ledger.accounts WHERE code = $1`,
      [code],
    );
    return { balance: BigInt(row?.balance_minor ?? 0), held: BigInt(row?.held_minor ?? 0) };
  };

  it('reserves a hold on the debit account (available = balance − held) without moving the balance', async () => {
    const m = merchant();
    await fund(m, 1000n);
    const hold = await post(transfer(`hold:${m}`, wallet(m), 'platform:live:suspense', 700n, { timeoutMs: 60_000 }));
    expect(hold).toMatchObject({ type: 'pending', holdState: 'pending', created: true });
    expect(hold.timeoutAt!.getTime()).toBeGreaterThan(Date.now() + 50_000);
    expect(await account(wallet(m))).toEqual({ balance: 1000n, held: 700n });
    const balances = await ledger.app.get(LedgerQueries).merchantBalances(m);
    expect(balances.wallets!.b2c_wallet).toEqual({ available_minor: '300', held_minor: '700', total_minor: '1000' });
    // Only 300 is available: a debit of 301 is refused, 300 goes through.
    await expect(post(transfer(`fee:${m}`, wallet(m), FEES, 301n, { code: 'fee' }))).rejects.toMatchObject({ code: 'insufficient_funds', status: 422 });
    await post(transfer(`fee:${m}`, wallet(m), FEES, 300n, { code: 'fee' }));
    await tx((t) => voidHold.execute(t, `hold:${m}`));
  });

  it('posts a hold at most once: again for the same amount answers the same, another amount or a void is refused', async () => {
    const m = merchant();
    await fund(m, 1000n, 'service_wallet');
    const id = `hold:${m}`;
    await post(transfer(id, wallet(m, 'service_wallet'), FEES, 50n, { timeoutMs: 60_000, code: 'fee' }));
    const first = await tx((t) => postHold.execute(t, id));
    expect(first.hold).toMatchObject({ holdState: 'posted', postedAmountMinor: 50n });
    expect(first.postedTransfer).toMatchObject({ id: `${id}:post`, type: 'post_pending', amountMinor: 50n, pendingId: id, created: true });
    const again = await tx((t) => postHold.execute(t, id));
    expect(again.hold.holdState).toBe('posted');
    expect(again.postedTransfer).toMatchObject({ id: `${id}:post`, amountMinor: 50n, created: false });
    await expect(tx((t) => postHold.execute(t, id, 40n))).rejects.toMatchObject({ code: 'hold_already_posted', status: 409 });
    await expect(tx((t) => voidHold.execute(t, id))).rejects.toMatchObject({ code: 'hold_already_posted' });
    expect(await account(wallet(m, 'service_wallet'))).toEqual({ balance: 950n, held: 0n });
  });

  it('posts a hold for less and releases the rest; never for more', async () => {
    const m = merchant();
    await fund(m, 1000n);
    const id = `hold:${m}`;
    await post(transfer(id, wallet(m), FEES, 400n, { timeoutMs: 60_000 }));
    await expect(tx((t) => postHold.execute(t, id, 401n))).rejects.toMatchObject({ code: 'hold_post_exceeds_amount', status: 422 });
    const posted = await tx((t) => postHold.execute(t, id, 150n));
    expect(posted.postedTransfer!.amountMinor).toBe(150n);
    expect(await account(wallet(m))).toEqual({ balance: 850n, held: 0n });
  });

  it('voids a hold once: voiding again answers the same, posting it is refused', async () => {
    const m = merchant();
    await fund(m, 100n);
    const id = `hold:${m}`;
    await post(transfer(id, wallet(m), FEES, 100n, { timeoutMs: 60_000 }));
    expect((await tx((t) => voidHold.execute(t, id))).hold.holdState).toBe('voided');
    expect((await tx((t) => voidHold.execute(t, id))).hold.holdState).toBe('voided');
    await expect(tx((t) => postHold.execute(t, id))).rejects.toMatchObject({ code: 'hold_already_voided', status: 409 });
    await expect(tx((t) => postHold.execute(t, `nope:${m}`))).rejects.toMatchObject({ code: 'hold_not_found', status: 404 });
    expect(await account(wallet(m))).toEqual({ balance: 100n, held: 0n });
  });

  it('expires holds past their timeout: not postable, released by the sweeper with ledger.hold.expired in the outbox', async () => {
    const m = merchant();
    await fund(m, 100n);
    const id = `hold:${m}`;
    await post(transfer(id, wallet(m), FEES, 80n, { timeoutMs: 1 }));
    await ledger.dataSource.query(`SELECT pg_sleep(0.01)`);
    await expect(tx((t) => postHold.execute(t, id))).rejects.toMatchObject({ code: 'hold_expired', status: 409 });
    expect(await expireHolds.sweep()).toBeGreaterThanOrEqual(1);
    expect(await account(wallet(m))).toEqual({ balance: 100n, held: 0n });
    const [row] = await ledger.dataSource.query(`SELECT hold_state FROM ledger.transfers WHERE id = $1`, [id]);
    expect(row.hold_state).toBe('expired');
    const events = await ledger.dataSource.query(`SELECT payload FROM ledger.outbox WHERE type = 'ledger.hold.expired' AND payload->'hold'->>'id' = $1`, [id]);
    expect(events).toHaveLength(1);
    expect(events[0].payload.hold).toMatchObject({ id, hold_state: 'expired', amount_minor: '80', debit_account: wallet(m) });
    // Voiding an expired hold answers its expiry (both released it); posting it stays refused.
    expect((await tx((t) => voidHold.execute(t, id))).hold.holdState).toBe('expired');
    await expect(tx((t) => postHold.execute(t, id))).rejects.toMatchObject({ code: 'hold_expired' });
  });

  it('expires each of 120 due holds exactly once with 4 sweepers at the same time (SKIP LOCKED)', async () => {
    const m = merchant();
    await fund(m, 12_000n);
    for (let i = 0; i < 120; i += 1) await post(transfer(`h:${m}:${i}`, wallet(m), FEES, 100n, { timeoutMs: 1 }));
    expect(await account(wallet(m))).toEqual({ balance: 12_000n, held: 12_000n });
    await ledger.dataSource.query(`SELECT pg_sleep(0.01)`);
    const counts = await Promise.all([expireHolds.sweep(), expireHolds.sweep(), expireHolds.sweep(), expireHolds.sweep()]);
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(120);
    const [row] = await ledger.dataSource.query(`SELECT count(*)::int AS n FROM ledger.transfers WHERE id LIKE $1 AND hold_state = 'expired'`, [`h:${m}:%`]);
    expect(row.n).toBe(120);
    const [events] = await ledger.dataSource.query(
      `SELECT count(*)::int AS n, count(DISTINCT payload->'hold'->>'id')::int AS ids FROM ledger.outbox WHERE type = 'ledger.hold.expired' AND payload->'hold'->>'id' LIKE $1`,
      [`h:${m}:%`],
    );
    expect(events).toEqual({ n: 120, ids: 120 });
    expect(await account(wallet(m))).toEqual({ balance: 12_000n, held: 0n });
  });

  it('never overdraws a wallet raced by 50 concurrent holds and debits; exactly the covered number pass', async () => {
    const m = merchant();
    await fund(m, 1000n);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        post(transfer(`race:${m}:${i}`, wallet(m), 'platform:live:suspense', 30n, i % 2 === 0 ? { timeoutMs: 60_000 } : {})),
      ),
    );
    const passed = results.filter((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ type: string }>[];
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => (r.reason as { code?: string }).code);
    expect(passed).toHaveLength(33); // 33 × 30 = 990 ≤ 1000 < 34 × 30
    expect(refused).toEqual(Array(17).fill('insufficient_funds'));
    const holds = passed.filter((r) => r.value.type === 'pending').length;
    const debits = passed.length - holds;
    expect(await account(wallet(m))).toEqual({ balance: 1000n - 30n * BigInt(debits), held: 30n * BigInt(holds) });
    const [sum] = await ledger.dataSource.query(`SELECT COALESCE(sum(amount_minor), 0)::text AS total FROM ledger.transfers WHERE id LIKE $1`, [`race:${m}:%`]);
    expect(sum.total).toBe('990');
    await ledger.dataSource.query(`UPDATE ledger.transfers SET timeout_at = now() WHERE id LIKE $1 AND hold_state = 'pending'`, [`race:${m}:%`]);
    await expireHolds.sweep();
  });

  it('commits linked transfers together: a payout and its fee both move, or neither', async () => {
    const m = merchant();
    await fund(m, 1000n);
    const payout = transfer(`payout:${m}`, wallet(m), 'platform:live:suspense', 900n);
    const fee = transfer(`payout_fee:${m}`, wallet(m), FEES, 101n, { code: 'fee' });
    await expect(tx((t) => postTransfer.executeLinked(t, [payout, fee]))).rejects.toMatchObject({
      code: 'insufficient_funds',
      details: { transfer_id: fee.id },
    });
    expect(await account(wallet(m))).toEqual({ balance: 1000n, held: 0n });
    const [n] = await ledger.dataSource.query(`SELECT count(*)::int AS n FROM ledger.transfers WHERE id = ANY($1)`, [[payout.id, fee.id]]);
    expect(n.n).toBe(0);

    const okFee = { ...fee, amountMinor: 100n };
    const posted = await tx((t) => postTransfer.executeLinked(t, [payout, okFee]));
    expect(posted.map((p) => p.created)).toEqual([true, true]);
    expect(await account(wallet(m))).toEqual({ balance: 0n, held: 0n });
    // The same batch again answers the stored transfers even though the wallet is empty now.
    const replay = await tx((t) => postTransfer.executeLinked(t, [payout, okFee]));
    expect(replay.map((p) => p.created)).toEqual([false, false]);
    // A batch that reuses one of the ids for something else is refused as a whole.
    await expect(tx((t) => postTransfer.executeLinked(t, [payout, { ...okFee, id: `other:${m}` }]))).rejects.toMatchObject({
      code: 'transfer_exists_with_different_content',
    });
    await expect(post({ ...payout, amountMinor: 1n })).rejects.toMatchObject({ code: 'transfer_exists_with_different_content', status: 409 });
  });

  it('places linked holds together: a payout hold and its fee hold are both reserved, or neither', async () => {
    const m = merchant();
    await fund(m, 1000n);
    const payout = transfer(`lh:${m}`, wallet(m), 'platform:live:suspense', 900n, { timeoutMs: 60_000 });
    const fee = transfer(`lh_fee:${m}`, wallet(m), FEES, 101n, { timeoutMs: 60_000, code: 'fee' });
    await expect(tx((t) => postTransfer.executeLinked(t, [payout, fee]))).rejects.toMatchObject({ code: 'insufficient_funds' });
    expect(await account(wallet(m))).toEqual({ balance: 1000n, held: 0n });
    const placed = await tx((t) => postTransfer.executeLinked(t, [payout, { ...fee, amountMinor: 100n }]));
    expect(placed.map((h) => h.holdState)).toEqual(['pending', 'pending']);
    expect(await account(wallet(m))).toEqual({ balance: 1000n, held: 1000n });
    await tx((t) => postHold.execute(t, payout.id));
    await tx((t) => voidHold.execute(t, fee.id));
    expect(await account(wallet(m))).toEqual({ balance: 100n, held: 0n });
  });

  it('keeps test money and live money apart, and memo accounts apart from money the platform holds', async () => {
    const m = merchant();
    await expect(post(transfer(`x:${m}`, 'platform:test:funding', wallet(m), 1n))).rejects.toMatchObject({ code: 'transfer_mixes_modes', status: 422 });
    await expect(post(transfer(`y:${m}`, 'platform:live:mpesa_collections_memo:5123456', wallet(m, 'collections'), 1n))).rejects.toMatchObject({
      code: 'memo_transfer_mixes_accounts',
      status: 422,
    });
    const memo = await post(
      transfer(`z:${m}`, 'platform:live:mpesa_collections_memo:5123456', wallet(m, 'own_collections_memo'), 5n, { code: 'stk_collection' }),
    );
    expect(memo.created).toBe(true);
    const rows = await ledger.dataSource.query(`SELECT count(*)::int AS n FROM ledger.transfers WHERE id IN ($1, $2)`, [`x:${m}`, `y:${m}`]);
    expect(rows[0].n).toBe(0);
  });

  it('never pays more out of the B2C float than was put in (credits_must_not_exceed_debits)', async () => {
    const m = merchant();
    const float = `platform:live:b2c_float:${String(100000 + Math.floor(Math.random() * 800000))}`;
    await fund(m, 1000n);
    await post(transfer(`float:${m}`, float, FUNDING, 500n, { code: 'top_up' }));
    await expect(post(transfer(`out:${m}`, wallet(m), float, 501n))).rejects.toMatchObject({ code: 'credits_exceed_debits', status: 422 });
    await post(transfer(`out:${m}`, wallet(m), float, 500n));
  });

  it('answers a statement newest first with the running balance, paged with the true total', async () => {
    const m = merchant();
    await fund(m, 1000n);
    for (let i = 1; i <= 12; i += 1) await post(transfer(`s:${m}:${i}`, wallet(m), FEES, BigInt(i), { code: 'fee' }));
    await post(transfer(`sh:${m}`, wallet(m), FEES, 5n, { timeoutMs: 60_000 })); // a hold is not an entry
    const queries = ledger.app.get(LedgerQueries);
    const first = await queries.statement(m, 'b2c_wallet', 'live', 1, 5);
    expect(first.pagination).toEqual({ current_page: 1, per_page: 5, total_items: 13, total_pages: 3 });
    expect(first.data.map((e) => [e.transfer_id, e.direction, e.amount_minor, e.balance_after_minor])).toEqual([
      [`s:${m}:12`, 'debit', '12', '922'],
      [`s:${m}:11`, 'debit', '11', '934'],
      [`s:${m}:10`, 'debit', '10', '945'],
      [`s:${m}:9`, 'debit', '9', '955'],
      [`s:${m}:8`, 'debit', '8', '964'],
    ]);
    const last = await queries.statement(m, 'b2c_wallet', 'live', 3, 5);
    expect(last.data.map((e) => e.transfer_id)).toEqual([`s:${m}:2`, `s:${m}:1`, `topup:${m}:b2c_wallet`]);
    expect(last.data[2]).toMatchObject({ direction: 'credit', balance_after_minor: '1000', counterparty_account: FUNDING, code: 'top_up' });
    expect((await queries.statement(m, 'b2c_wallet', 'live', 1, 1000)).pagination.per_page).toBe(100);
    expect((await queries.statement(merchant(), 'b2c_wallet')).pagination.total_items).toBe(0);
    expect((await queries.statement(m, 'b2c_wallet', 'test')).pagination.total_items).toBe(0);
    await tx((t) => voidHold.execute(t, `sh:${m}`));
  });
});
