import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccountSpec } from './account-codes';
import { AccountState } from './balance-rules';

export interface AccountRow {
  id: string;
  code: string;
  merchant_id: string | null;
  mode: string;
  kind: string;
  balance_minor: string; // node-pg returns bigint as a string; converted at the edge
  held_minor: string;
  pending_credits_minor: string;
}

interface LockedRow {
  id: string;
  balance_minor: string;
  held_minor: string;
  pending_credits_minor: string;
  debits_must_not_exceed_credits: boolean;
  credits_must_not_exceed_debits: boolean;
}

/** Bounded: the chart has a handful of platform accounts and a few per merchant. */
const MAX_CACHED_IDS = 100_000;

/** Accounts, always through the caller's transaction. */
@Injectable()
export class AccountRepository {
  /**
   * Account ids never change and accounts are never deleted, so an id once committed can be
   * remembered: the hot path of a transfer then spends no round trip on resolving its accounts.
   * Only ids that another transaction committed are cached (see `ensureAll`).
   */
  private readonly committedIds = new Map<string, string>();
  /** Ids this transaction inserted: not committed yet, so not cacheable even when seen again. */
  private readonly insertedBy = new WeakMap<EntityManager, Set<string>>();

  /** The id of an account known to be committed, without a round trip; undefined when not known yet. */
  knownId(code: string): string | undefined {
    return this.committedIds.get(code);
  }

  /**
   * The ids of these accounts by code, opening those that do not exist. Two statements on purpose:
   * a concurrent opener makes our INSERT wait and then do nothing, and only a new statement (a new
   * snapshot in READ COMMITTED) sees its row. ON CONFLICT DO NOTHING takes no row lock, so the lock
   * order of `lockInOrder` stays the only one.
   */
  async ensureAll(tx: EntityManager, specs: AccountSpec[]): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    const missing = new Map<string, AccountSpec>();
    for (const spec of specs) {
      const cached = this.committedIds.get(spec.code);
      if (cached) ids.set(spec.code, cached);
      else missing.set(spec.code, spec);
    }
    if (missing.size === 0) return ids;
    // In code order: two transactions opening the same new accounts then wait on each other's
    // uncommitted rows in one order, instead of deadlocking (found by ledger-invariants.int-spec.ts).
    const list = [...missing.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    const inserted: { id: string; code: string }[] = await tx.query(
      `INSERT INTO ledger.accounts (code, merchant_id, mode, kind, shortcode, memo, debits_must_not_exceed_credits, credits_must_not_exceed_debits)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::boolean[], $8::boolean[])
       ON CONFLICT (code) DO NOTHING RETURNING id, code`,
      [
        list.map((s) => s.code),
        list.map((s) => s.merchantId),
        list.map((s) => s.mode),
        list.map((s) => s.kind),
        list.map((s) => s.shortcode),
        list.map((s) => s.memo),
        list.map((s) => s.debitsMustNotExceedCredits),
        list.map((s) => s.creditsMustNotExceedDebits),
      ],
    );
    const own = this.insertedBy.get(tx) ?? new Set<string>();
    this.insertedBy.set(tx, own);
    for (const row of inserted) {
      ids.set(row.code, row.id);
      own.add(row.id);
      missing.delete(row.code);
    }
    if (missing.size === 0) return ids;
    const existing: { id: string; code: string }[] = await tx.query(`SELECT id, code FROM ledger.accounts WHERE code = ANY($1::text[])`, [[...missing.keys()]]);
    for (const row of existing) {
      ids.set(row.code, row.id);
      // Seen after a conflict: committed by another transaction, unless this one inserted it earlier.
      if (!own.has(row.id) && this.committedIds.size < MAX_CACHED_IDS) this.committedIds.set(row.code, row.id);
    }
    for (const code of missing.keys()) if (!ids.has(code)) throw new Error(`account ${code} vanished after ON CONFLICT`);
    return ids;
  }

  /**
   * Locks the accounts FOR UPDATE in id order (ORDER BY runs before the row locks are taken), so
   * transfers between the same accounts in opposite directions, and linked batches over many
   * accounts, queue instead of deadlocking. The checks then run on the locked rows.
   */
  async lockInOrder(tx: EntityManager, accountIds: string[]): Promise<Map<string, AccountState>> {
    const rows: LockedRow[] = await tx.query(
      `SELECT id, balance_minor, held_minor, pending_credits_minor, debits_must_not_exceed_credits, credits_must_not_exceed_debits
         FROM ledger.accounts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [[...new Set(accountIds)]],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          balanceMinor: BigInt(r.balance_minor),
          heldMinor: BigInt(r.held_minor),
          pendingCreditsMinor: BigInt(r.pending_credits_minor),
          debitsMustNotExceedCredits: r.debits_must_not_exceed_credits,
          creditsMustNotExceedDebits: r.credits_must_not_exceed_debits,
        },
      ]),
    );
  }

  async findByMerchant(tx: EntityManager, merchantId: string): Promise<AccountRow[]> {
    return tx.query(
      `SELECT id, code, merchant_id, mode, kind, balance_minor, held_minor, pending_credits_minor FROM ledger.accounts WHERE merchant_id = $1 ORDER BY code`,
      [merchantId],
    );
  }

  async findByCode(tx: EntityManager, code: string): Promise<AccountRow | null> {
    const rows: AccountRow[] = await tx.query(
      `SELECT id, code, merchant_id, mode, kind, balance_minor, held_minor, pending_credits_minor FROM ledger.accounts WHERE code = $1`,
      [code],
    );
    return rows[0] ?? null;
  }
}
