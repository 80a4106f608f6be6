import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccountState, MovementRefusal } from './balance-rules';

export type TransferType = 'single' | 'pending' | 'post_pending';
export type HoldState = 'pending' | 'posted' | 'voided' | 'expired';

export interface TransferRow {
  id: string;
  seq: string;
  type: TransferType;
  debit_account_id: string;
  credit_account_id: string;
  debit_code: string;
  credit_code: string;
  amount_minor: string;
  code: string;
  cause_type: string;
  cause_id: string;
  reference: string | null;
  metadata: Record<string, unknown>;
  batch_id: string | null;
  pending_id: string | null;
  hold_state: HoldState | null;
  timeout_at: Date | null;
  resolved_at: Date | null;
  posted_amount_minor: string | null;
  debit_balance_after: string | null;
  credit_balance_after: string | null;
  created_at: Date;
}

export interface NewTransferRow {
  id: string;
  type: TransferType;
  debitAccountId: string;
  creditAccountId: string;
  amountMinor: bigint;
  code: string;
  causeType: string;
  causeId: string;
  reference: string | null;
  metadata: Record<string, unknown>;
  batchId: string | null;
  pendingId: string | null;
  timeoutMs: number | null;
  debitBalanceAfter: bigint | null;
  creditBalanceAfter: bigint | null;
}

export interface HoldResolution {
  id: string;
  state: Exclude<HoldState, 'pending'>;
  postedAmountMinor: bigint | null;
}

export interface InsertedTransfers {
  inserted: number;
  rows: Map<string, { createdAt: Date; timeoutAt: Date | null }>;
}

export interface StatementRow extends TransferRow {
  side: 'debit' | 'credit';
  balance_after: string;
}

const COLUMNS = `t.id, t.seq, t.type, t.debit_account_id, t.credit_account_id, d.code AS debit_code, c.code AS credit_code,
  t.amount_minor, t.code, t.cause_type, t.cause_id, t.reference, t.metadata, t.batch_id, t.pending_id, t.hold_state,
  t.timeout_at, t.resolved_at, t.posted_amount_minor, t.debit_balance_after, t.credit_balance_after, t.created_at`;
const FROM = `ledger.transfers t JOIN ledger.accounts d ON d.id = t.debit_account_id JOIN ledger.accounts c ON c.id = t.credit_account_id`;

const big = (v: bigint | null) => (v === null ? null : v.toString());

/**
 * One posted transfer between two existing accounts in one statement: lock both rows in id order,
 * check the flags on the locked values, insert the transfer with the balances after it, write them.
 * Nothing is written when a check fails or the id exists (ON CONFLICT): then no row comes back.
 */
const POST_SINGLE_SQL = `
  WITH l AS (
    SELECT id, balance_minor, held_minor, pending_credits_minor, debits_must_not_exceed_credits AS dflag, credits_must_not_exceed_debits AS cflag
      FROM ledger.accounts WHERE id = ANY(ARRAY[$1::uuid, $2::uuid]) ORDER BY id FOR UPDATE),
  ok AS (
    SELECT d.balance_minor - $3::bigint AS d_after, c.balance_minor + $3::bigint AS c_after
      FROM l d, l c
     WHERE d.id = $1::uuid AND c.id = $2::uuid
       AND NOT (d.dflag AND d.balance_minor - d.held_minor - $3::bigint < 0)
       AND NOT (c.cflag AND c.balance_minor + c.pending_credits_minor + $3::bigint > 0)),
  ins AS (
    INSERT INTO ledger.transfers (id, type, debit_account_id, credit_account_id, amount_minor, code, cause_type, cause_id, reference, metadata,
                                  debit_balance_after, credit_balance_after)
    SELECT $4::text, 'single', $1::uuid, $2::uuid, $3::bigint, $5::text, $6::text, $7::text, $8::text, $9::jsonb, ok.d_after, ok.c_after FROM ok
    ON CONFLICT (id) DO NOTHING RETURNING created_at, debit_balance_after, credit_balance_after),
  u AS (
    UPDATE ledger.accounts a
       SET balance_minor = CASE WHEN a.id = $1::uuid THEN i.debit_balance_after ELSE i.credit_balance_after END, updated_at = now()
      FROM ins i WHERE a.id = ANY(ARRAY[$1::uuid, $2::uuid]) RETURNING 1)
  SELECT i.created_at, (SELECT count(*) FROM u)::int AS updated FROM ins i`;

/** The refusal a violated balance constraint of ledger.accounts stands for, if it is one. */
function constraintRefusal(error: unknown): MovementRefusal | null {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e.code ?? e.driverError?.code;
  const constraint = e.constraint ?? e.driverError?.constraint;
  if (code !== '23514') return null;
  if (constraint === 'accounts_debits_within_credits') return 'insufficient_funds';
  if (constraint === 'accounts_credits_within_debits') return 'credits_exceed_debits';
  return null;
}

/** node-pg's client under a TypeORM transaction: lets the hot statement be prepared once per connection. */
interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: { created_at: Date; updated: number }[] }>;
}

/** Transfers are append-only (a hold's row records how it ended); the primary key is the idempotency key. */
@Injectable()
export class TransferRepository {
  /**
   * The hot path of PostTransfer (docs/style.md's conditional update, in one round trip): posts one
   * transfer between accounts known to exist, or answers null when it did not go in (a flag refused
   * it, or the id exists); the caller then takes the general path, which says which. The statement
   * is prepared (named) on the transaction's own connection, so Postgres plans it once per connection.
   */
  async postSingle(
    tx: EntityManager,
    t: Omit<NewTransferRow, 'type' | 'batchId' | 'pendingId' | 'timeoutMs' | 'debitBalanceAfter' | 'creditBalanceAfter'>,
  ): Promise<{ createdAt: Date } | { refusedByConstraint: MovementRefusal } | null> {
    const values = [
      t.debitAccountId,
      t.creditAccountId,
      t.amountMinor.toString(),
      t.id,
      t.code,
      t.causeType,
      t.causeId,
      t.reference,
      JSON.stringify(t.metadata),
    ];
    // Outside a transaction the statement runs alone on a connection of its own: one statement is atomic.
    const own = tx.queryRunner ? null : tx.connection.createQueryRunner();
    const runner = tx.queryRunner ?? own;
    let rows: { created_at: Date; updated: number }[];
    try {
      const client = (await runner?.connect()) as PgClient | undefined;
      rows = client?.query
        ? (await client.query({ name: 'ledger_post_single_v1', text: POST_SINGLE_SQL, values })).rows
        : ((await tx.query(POST_SINGLE_SQL, values)) as { created_at: Date; updated: number }[]);
    } catch (error) {
      // The flags are checked in the statement on the locked rows, and again by the table's CHECK
      // constraints on the rows written. Seen once under the ledger-invariants property (a hold's
      // held amount newer than the value the statement read); the constraint is the last word, so
      // the transfer is refused exactly as the general path would refuse it, and nothing is written.
      const refusal = constraintRefusal(error);
      if (refusal) return { refusedByConstraint: refusal };
      throw error;
    } finally {
      await own?.release();
    }
    const [row] = rows;
    if (!row) return null;
    if (row.updated !== 2) throw new Error(`transfer ${t.id} inserted but ${row.updated} balances written`);
    return { createdAt: new Date(row.created_at) };
  }

  /**
   * One statement: inserts the transfers unless their ids exist and, only when every one of them
   * went in, writes the new account balances (the rows are already locked by this transaction) and
   * ends the holds given. Returns how many transfers were inserted; fewer than given means some ids
   * existed and nothing else was written. A concurrent insert of the same id waits for the other
   * transaction: it commits → not inserted; it rolls back → ours goes in.
   */
  async write(tx: EntityManager, transfers: NewTransferRow[], accounts: AccountState[], holds: HoldResolution[] = []): Promise<InsertedTransfers> {
    const rows: { inserted: number; rows: { id: string; created_at: string; timeout_at: string | null }[] }[] = await tx.query(
      `WITH ins AS (
         INSERT INTO ledger.transfers (id, type, debit_account_id, credit_account_id, amount_minor, code, cause_type, cause_id, reference,
                                       metadata, batch_id, pending_id, hold_state, timeout_at, debit_balance_after, credit_balance_after)
         SELECT x.id, x.type, x.debit_account_id, x.credit_account_id, x.amount_minor, x.code, x.cause_type, x.cause_id, x.reference,
                x.metadata, x.batch_id, x.pending_id, CASE WHEN x.type = 'pending' THEN 'pending' END,
                CASE WHEN x.type = 'pending' THEN now() + x.timeout_ms * interval '1 millisecond' END,
                x.debit_balance_after, x.credit_balance_after
           FROM jsonb_to_recordset($1::jsonb) AS x(id text, type text, debit_account_id uuid, credit_account_id uuid, amount_minor bigint,
                code text, cause_type text, cause_id text, reference text, metadata jsonb, batch_id text, pending_id text, timeout_ms bigint,
                debit_balance_after bigint, credit_balance_after bigint)
         ON CONFLICT (id) DO NOTHING RETURNING id, created_at, timeout_at),
       n AS (SELECT count(*)::int AS inserted FROM ins),
       acc AS (
         UPDATE ledger.accounts a SET balance_minor = v.balance_minor, held_minor = v.held_minor,
                pending_credits_minor = v.pending_credits_minor, updated_at = now()
           FROM jsonb_to_recordset($2::jsonb) AS v(id uuid, balance_minor bigint, held_minor bigint, pending_credits_minor bigint), n
          WHERE a.id = v.id AND n.inserted = $4
         RETURNING 1),
       hold AS (
         UPDATE ledger.transfers h SET hold_state = r.state, posted_amount_minor = r.posted_amount_minor, resolved_at = now()
           FROM jsonb_to_recordset($3::jsonb) AS r(id text, state text, posted_amount_minor bigint), n
          WHERE h.id = r.id AND h.hold_state = 'pending' AND n.inserted = $4
         RETURNING 1)
       SELECT n.inserted, (SELECT count(*) FROM acc) AS accounts, (SELECT count(*) FROM hold) AS holds,
              COALESCE((SELECT json_agg(json_build_object('id', id, 'created_at', created_at, 'timeout_at', timeout_at)) FROM ins), '[]') AS rows
         FROM n`,
      [
        JSON.stringify(
          transfers.map((t) => ({
            id: t.id,
            type: t.type,
            debit_account_id: t.debitAccountId,
            credit_account_id: t.creditAccountId,
            amount_minor: t.amountMinor.toString(),
            code: t.code,
            cause_type: t.causeType,
            cause_id: t.causeId,
            reference: t.reference,
            metadata: t.metadata,
            batch_id: t.batchId,
            pending_id: t.pendingId,
            timeout_ms: t.timeoutMs,
            debit_balance_after: big(t.debitBalanceAfter),
            credit_balance_after: big(t.creditBalanceAfter),
          })),
        ),
        JSON.stringify(
          accounts.map((a) => ({
            id: a.id,
            balance_minor: a.balanceMinor.toString(),
            held_minor: a.heldMinor.toString(),
            pending_credits_minor: a.pendingCreditsMinor.toString(),
          })),
        ),
        JSON.stringify(holds.map((h) => ({ id: h.id, state: h.state, posted_amount_minor: big(h.postedAmountMinor) }))),
        transfers.length,
      ],
    );
    return {
      inserted: rows[0].inserted,
      rows: new Map(rows[0].rows.map((r) => [r.id, { createdAt: new Date(r.created_at), timeoutAt: r.timeout_at === null ? null : new Date(r.timeout_at) }])),
    };
  }

  /** Ends holds without inserting a transfer (void, expiry), writing the released accounts. */
  async endHolds(tx: EntityManager, accounts: AccountState[], holds: HoldResolution[]): Promise<void> {
    await tx.query(
      `WITH acc AS (
         UPDATE ledger.accounts a SET balance_minor = v.balance_minor, held_minor = v.held_minor,
                pending_credits_minor = v.pending_credits_minor, updated_at = now()
           FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, balance_minor bigint, held_minor bigint, pending_credits_minor bigint)
          WHERE a.id = v.id RETURNING 1)
       UPDATE ledger.transfers h SET hold_state = r.state, posted_amount_minor = NULL, resolved_at = now()
         FROM jsonb_to_recordset($2::jsonb) AS r(id text, state text)
        WHERE h.id = r.id AND h.hold_state = 'pending'`,
      [
        JSON.stringify(
          accounts.map((a) => ({
            id: a.id,
            balance_minor: a.balanceMinor.toString(),
            held_minor: a.heldMinor.toString(),
            pending_credits_minor: a.pendingCreditsMinor.toString(),
          })),
        ),
        JSON.stringify(holds.map((h) => ({ id: h.id, state: h.state }))),
      ],
    );
  }

  async findByIds(tx: EntityManager, ids: string[]): Promise<TransferRow[]> {
    return tx.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE t.id = ANY($1::text[])`, [ids]);
  }

  async findById(tx: EntityManager, id: string): Promise<TransferRow | null> {
    return (await this.findByIds(tx, [id]))[0] ?? null;
  }

  /**
   * The hold, locked: a post, a void and the expiry sweeper of the same hold queue on this row.
   * Hold rows are always locked before accounts, by everyone, so the two lock orders never cross.
   */
  async lockHold(tx: EntityManager, holdId: string): Promise<(TransferRow & { timed_out: boolean }) | null> {
    const rows: (TransferRow & { timed_out: boolean })[] = await tx.query(
      `SELECT ${COLUMNS}, (t.timeout_at <= now()) AS timed_out FROM ${FROM} WHERE t.id = $1 AND t.type = 'pending' FOR UPDATE OF t`,
      [holdId],
    );
    return rows[0] ?? null;
  }

  /**
   * Up to `limit` open holds whose timeout passed, locked. SKIP LOCKED: several replicas sweep at
   * once without waiting on each other, and a hold being posted right now is left to its poster.
   */
  async claimExpiredHolds(tx: EntityManager, limit: number): Promise<TransferRow[]> {
    return tx.query(
      `SELECT ${COLUMNS} FROM ${FROM}
        WHERE t.id IN (SELECT id FROM ledger.transfers WHERE hold_state = 'pending' AND timeout_at <= now()
                        ORDER BY timeout_at LIMIT $1 FOR UPDATE SKIP LOCKED)`,
      [limit],
    );
  }

  /** The account's posted entries, newest first, with the balance after each, and their true total. */
  async statement(tx: EntityManager, accountId: string, offset: number, limit: number): Promise<{ rows: StatementRow[]; total: number }> {
    const rows: StatementRow[] = await tx.query(
      `SELECT ${COLUMNS},
              CASE WHEN t.debit_account_id = $1 THEN 'debit' ELSE 'credit' END AS side,
              CASE WHEN t.debit_account_id = $1 THEN t.debit_balance_after ELSE t.credit_balance_after END AS balance_after
         FROM ${FROM}
        WHERE t.id IN (SELECT id FROM ledger.transfers WHERE debit_account_id = $1 AND type <> 'pending'
                       UNION ALL SELECT id FROM ledger.transfers WHERE credit_account_id = $1 AND type <> 'pending')
        ORDER BY t.seq DESC OFFSET $2 LIMIT $3`,
      [accountId, offset, limit],
    );
    const [count]: { total: string }[] = await tx.query(
      `SELECT ((SELECT count(*) FROM ledger.transfers WHERE debit_account_id = $1 AND type <> 'pending')
             + (SELECT count(*) FROM ledger.transfers WHERE credit_account_id = $1 AND type <> 'pending'))::text AS total`,
      [accountId],
    );
    return { rows, total: Number(count.total) };
  }

  /** How many transfers credited this account and their total. */
  async creditsTo(tx: EntityManager, accountCode: string): Promise<{ count: number; totalMinor: bigint }> {
    const rows: { count: string; total_minor: string }[] = await tx.query(
      `SELECT count(*) AS count, COALESCE(sum(t.amount_minor), 0)::bigint AS total_minor
         FROM ledger.transfers t JOIN ledger.accounts a ON a.id = t.credit_account_id
        WHERE a.code = $1 AND t.type <> 'pending'`,
      [accountCode],
    );
    return { count: Number(rows[0].count), totalMinor: BigInt(rows[0].total_minor) };
  }
}
