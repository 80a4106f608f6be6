import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { ExpireHolds } from '../src/ledger/expire-holds.use-case';
import { ledgerDifferences } from '../src/ledger/ledger-verification';
import { PostHold } from '../src/ledger/post-hold.use-case';
import { PostTransfer } from '../src/ledger/post-transfer.use-case';
import { TransferRequest } from '../src/ledger/transfer-rules';
import { VoidHold } from '../src/ledger/void-hold.use-case';
import { LedgerTestApp, startLedgerService } from './ledger-test-app';

/**
 * Property: whatever random sequence of transfers, linked batches, holds, posts, voids, expiries
 * and replays runs concurrently against real Postgres, the ledger ends consistent:
 * no flagged account below what its flags allow, nothing applied twice (every balance equals what
 * the operations that succeeded add up to, and a replay never moves money again), every hold ended
 * posted, voided or expired, the sum of balances zero, every balance equal to the recomputation
 * from the transfers (ledger-verification.ts, what `npm run ledger:verify` runs).
 */
type Op =
  | { kind: 'transfer'; from: number; to: number; amount: number }
  | { kind: 'linked'; from: number; to: number; amount: number; from2: number; to2: number; amount2: number }
  | { kind: 'hold'; from: number; to: number; amount: number; expiresSoon: boolean }
  | { kind: 'post'; hold: number; amount: number | null }
  | { kind: 'void'; hold: number }
  | { kind: 'sweep' }
  | { kind: 'replay'; of: number };

/** Errors the ledger answers on purpose; anything else (a deadlock, a 500) fails the property. */
const EXPECTED_REFUSALS = new Set([
  'insufficient_funds',
  'credits_exceed_debits',
  'transfer_mixes_modes',
  'memo_transfer_mixes_accounts',
  'hold_not_found',
  'hold_already_posted',
  'hold_already_voided',
  'hold_expired',
  'hold_post_exceeds_amount',
]);

const ACCOUNTS = 10;
const account = fc.integer({ min: 0, max: ACCOUNTS - 1 });
const amount = fc.integer({ min: 1, max: 400 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('transfer' as const), from: account, to: account, amount }) },
  // Money in from funding, so wallets have something to hold and spend.
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('transfer' as const), from: fc.constant(0), to: fc.integer({ min: 1, max: 4 }), amount: fc.constant(500) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('linked' as const), from: account, to: account, amount, from2: account, to2: account, amount2: amount }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('hold' as const), from: account, to: account, amount, expiresSoon: fc.boolean() }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('post' as const), hold: fc.nat(), amount: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 60 }), amount) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('void' as const), hold: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'sweep' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('replay' as const), of: fc.nat() }) },
);

describe('ledger invariants under random concurrent operations (fast-check, real Postgres)', () => {
  let ledger: LedgerTestApp;
  let postTransfer: PostTransfer;
  let postHold: PostHold;
  let voidHold: VoidHold;
  let expireHolds: ExpireHolds;
  let totalOps = 0;
  /** What the random operations did, so the property cannot pass by refusing everything. */
  const seen = { moved: 0, holds: 0, posted: 0, voided: 0, expired: 0, refused: 0 };

  beforeAll(async () => {
    ledger = await startLedgerService('ledger_prop', { LEDGER_HOLD_SWEEP_INTERVAL_MS: '600000', DATABASE_POOL_SIZE: '12' });
    postTransfer = ledger.app.get(PostTransfer);
    postHold = ledger.app.get(PostHold);
    voidHold = ledger.app.get(VoidHold);
    expireHolds = ledger.app.get(ExpireHolds);
  });

  afterAll(async () => {
    await ledger?.close();
  });

  it('keeps every invariant over thousands of random operations and their replays', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 60, maxLength: 160 }), async (ops) => {
        const run = randomUUID().slice(0, 8);
        const shortcode = String(100000 + Math.floor(Math.random() * 800000));
        // Wallets and platform accounts of both modes, memo accounts among them: most random pairs are
        // allowed, some cross modes or memo lines and must be refused.
        const codes = [
          'platform:live:funding',
          `merchant:a${run}:live:service_wallet`,
          `merchant:a${run}:live:b2c_wallet`,
          `merchant:b${run}:live:b2c_wallet`,
          `platform:live:b2c_float:${shortcode}`,
          'platform:live:fee_revenue',
          `merchant:a${run}:test:b2c_wallet`,
          'platform:test:funding',
          `platform:live:mpesa_collections_memo:${shortcode}`,
          `merchant:a${run}:live:own_collections_memo`,
        ];
        const holds: string[] = [];
        const expected = new Map<string, bigint>(codes.map((c) => [c, 0n]));
        // Every id that moved money or placed a hold, once: an operation and its replay may run at the
        // same time, and either may be the one that applies; the other must answer created: false.
        const applied = new Set<string>();
        const once = (id: string) => {
          if (applied.has(id)) throw new Error(`${id} applied twice`);
          applied.add(id);
        };
        const move = (debit: string, credit: string, minor: bigint) => {
          seen.moved += 1;
          expected.set(debit, (expected.get(debit) ?? 0n) - minor);
          expected.set(credit, (expected.get(credit) ?? 0n) + minor);
        };
        const request = (id: string, from: number, to: number, minor: number, timeoutMs?: number): TransferRequest => ({
          id,
          debitCode: codes[from],
          creditCode: codes[to === from ? (to + 1) % ACCOUNTS : to],
          amountMinor: BigInt(minor),
          code: 'adjustment',
          causeType: 'property',
          causeId: run,
          timeoutMs,
        });
        const tx = <T>(work: (t: import('typeorm').EntityManager) => Promise<T>) => ledger.dataSource.transaction(work);

        const execute = async (op: Op, index: number): Promise<void> => {
          const id = `${run}:${index}`;
          switch (op.kind) {
            case 'transfer': {
              const r = request(id, op.from, op.to, op.amount);
              const t = await (index % 2 === 0 ? tx((m) => postTransfer.execute(m, r)) : postTransfer.execute(ledger.dataSource.manager, r));
              if (t.created) {
                once(t.id);
                move(t.debitCode, t.creditCode, t.amountMinor);
              }
              return;
            }
            case 'linked': {
              const batch = [request(`${id}:1`, op.from, op.to, op.amount), request(`${id}:2`, op.from2, op.to2, op.amount2)];
              const posted = await tx((m) => postTransfer.executeLinked(m, batch));
              if (posted.some((p) => p.created !== posted[0].created)) throw new Error(`linked batch ${id} half applied`);
              for (const t of posted) {
                if (!t.created) continue;
                once(t.id);
                move(t.debitCode, t.creditCode, t.amountMinor);
              }
              return;
            }
            case 'hold': {
              const h = await tx((m) => postTransfer.execute(m, request(id, op.from, op.to, op.amount, op.expiresSoon ? 1 : 60_000)));
              if (h.created) {
                once(h.id);
                seen.holds += 1;
                holds.push(h.id);
              }
              return;
            }
            case 'post': {
              // Mostly one of the latest holds (still open), sometimes any (posted, voided or expired by now).
              const pick = op.hold % 3 === 0 ? op.hold % Math.max(holds.length, 1) : holds.length - 1 - (op.hold % Math.min(Math.max(holds.length, 1), 4));
              const holdId = holds.length > 0 ? holds[pick] : `${run}:none`;
              const outcome = await tx((m) => postHold.execute(m, holdId, op.amount === null ? undefined : BigInt(op.amount)));
              const p = outcome.postedTransfer;
              if (p?.created) {
                once(p.id);
                seen.posted += 1;
                move(p.debitCode, p.creditCode, p.amountMinor);
              }
              return;
            }
            case 'void': {
              const outcome = await tx((m) => voidHold.execute(m, holds.length > 0 ? holds[op.hold % holds.length] : `${run}:none`));
              if (outcome.hold.created) seen.voided += 1;
              return;
            }
            case 'sweep':
              seen.expired += await expireHolds.sweep(2);
              return;
            case 'replay':
              return;
          }
        };
        const attempt = async (op: Op, index: number): Promise<void> => {
          totalOps += 1;
          try {
            await execute(op, index);
          } catch (error) {
            const code = (error as { code?: string }).code;
            if (!code || !EXPECTED_REFUSALS.has(code)) throw error;
            seen.refused += 1;
          }
        };

        // Chunks of 8 run concurrently; each chunk also replays earlier operations at the same time.
        for (let start = 0; start < ops.length; start += 8) {
          const chunk = ops.slice(start, start + 8).map((op, i) => ({ op, index: start + i }));
          await Promise.all(
            chunk.map(({ op, index }) => {
              if (op.kind !== 'replay') return attempt(op, index);
              const of = index === 0 ? 0 : op.of % index;
              const original = ops[of];
              return original.kind === 'replay' ? Promise.resolve() : attempt(original, of);
            }),
          );
        }

        // Every hold ends: those still open are made due and swept.
        await ledger.dataSource.query(`UPDATE ledger.transfers SET timeout_at = now() WHERE hold_state = 'pending' AND cause_id = $1`, [run]);
        for (let n = await expireHolds.sweep(); n > 0; n = await expireHolds.sweep()) seen.expired += n;
        const open = await ledger.dataSource.query(`SELECT id FROM ledger.transfers WHERE cause_id = $1 AND hold_state = 'pending'`, [run]);
        expect(open).toEqual([]);

        const rows: { code: string; balance_minor: string; held_minor: string }[] = await ledger.dataSource.query(
          `SELECT code, balance_minor, held_minor FROM ledger.accounts WHERE code = ANY($1)`,
          [codes.filter((c) => c.startsWith('merchant:') || c.includes(shortcode))],
        );
        for (const row of rows) {
          expect({ code: row.code, balance: BigInt(row.balance_minor) }).toEqual({ code: row.code, balance: expected.get(row.code) });
          expect(row.held_minor).toBe('0');
        }
        expect(await ledgerDifferences((sql) => ledger.dataSource.query(sql))).toEqual([]);
      }),
      // A failure is reported as found: shrinking against a database that keeps its state takes minutes.
      { numRuns: 40, endOnFailure: true },
    );
    expect(totalOps).toBeGreaterThan(3_000);
    expect(seen).toEqual({
      moved: expect.any(Number),
      holds: expect.any(Number),
      posted: expect.any(Number),
      voided: expect.any(Number),
      expired: expect.any(Number),
      refused: expect.any(Number),
    });
    process.stdout.write(`ledger invariants: ${totalOps} operations, ${JSON.stringify(seen)}\n`);
    for (const [what, n] of Object.entries(seen)) expect({ what, enough: n >= 20 }).toEqual({ what, enough: true });
  }, 240_000);
});
