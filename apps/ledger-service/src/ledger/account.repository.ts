import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccountSpec } from './account-codes';

export interface AccountRow {
  id: string;
  code: string;
  merchant_id: string | null;
  kind: string;
  balance_minor: string; // node-pg returns bigint as a string; converted at the edge
  allow_negative: boolean;
}

/** Accounts, always through the caller's transaction. */
@Injectable()
export class AccountRepository {
  /**
   * The account's id, opening it if it does not exist. Two statements on purpose: a concurrent
   * opener makes our INSERT wait and then do nothing, and only a new statement (a new snapshot in
   * READ COMMITTED) sees its row. ON CONFLICT DO NOTHING takes no row lock, so the lock order of
   * the balance updates stays the only one.
   */
  async ensure(tx: EntityManager, spec: AccountSpec): Promise<string> {
    const inserted: { id: string }[] = await tx.query(
      `INSERT INTO ledger.accounts (code, merchant_id, kind, allow_negative) VALUES ($1, $2, $3, $4)
       ON CONFLICT (code) DO NOTHING RETURNING id`,
      [spec.code, spec.merchantId, spec.kind, spec.allowNegative],
    );
    if (inserted.length > 0) return inserted[0].id;
    const existing: { id: string }[] = await tx.query(`SELECT id FROM ledger.accounts WHERE code = $1`, [spec.code]);
    if (existing.length === 0) throw new Error(`account ${spec.code} vanished after ON CONFLICT`);
    return existing[0].id;
  }

  /**
   * Applies one leg. A debit only happens when the account may go negative or still covers the
   * amount: the check and the write are one statement under the row lock, so concurrent debits can
   * never overdraw. Returns the new balance, or null when the debit was refused.
   */
  async applyLeg(tx: EntityManager, accountId: string, side: 'debit' | 'credit', amountMinor: bigint): Promise<bigint | null> {
    const rows: unknown =
      side === 'debit'
        ? await tx.query(
            `UPDATE ledger.accounts SET balance_minor = balance_minor - $1::bigint, updated_at = now()
             WHERE id = $2 AND (allow_negative OR balance_minor >= $1::bigint) RETURNING balance_minor`,
            [amountMinor.toString(), accountId],
          )
        : await tx.query(
            `UPDATE ledger.accounts SET balance_minor = balance_minor + $1::bigint, updated_at = now()
             WHERE id = $2 RETURNING balance_minor`,
            [amountMinor.toString(), accountId],
          );
    const [updated] = unwrapUpdate<{ balance_minor: string }>(rows);
    return updated ? BigInt(updated.balance_minor) : null;
  }

  async findByMerchant(tx: EntityManager, merchantId: string): Promise<AccountRow[]> {
    return tx.query(`SELECT id, code, merchant_id, kind, balance_minor, allow_negative FROM ledger.accounts WHERE merchant_id = $1 ORDER BY code`, [
      merchantId,
    ]);
  }

  async findByCode(tx: EntityManager, code: string): Promise<AccountRow | null> {
    const rows: AccountRow[] = await tx.query(`SELECT id, code, merchant_id, kind, balance_minor, allow_negative FROM ledger.accounts WHERE code = $1`, [code]);
    return rows[0] ?? null;
  }
}

/**
 * TypeORM's postgres driver answers an UPDATE … RETURNING with `[rows, affectedCount]`;
 * a plain array is accepted too so the repository does not depend on that detail.
 */
function unwrapUpdate<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
