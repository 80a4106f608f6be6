import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface TransferRow {
  id: string;
  debit_account_id: string;
  credit_account_id: string;
  debit_code: string;
  credit_code: string;
  amount_minor: string;
  kind: string;
  reference: string | null;
  metadata: Record<string, unknown>;
  created_at: Date;
}

export interface NewTransfer {
  id: string;
  debitAccountId: string;
  creditAccountId: string;
  amountMinor: bigint;
  kind: string;
  reference: string | null;
  metadata: Record<string, unknown>;
}

/** Transfers are append-only; the primary key is the idempotency key. */
@Injectable()
export class TransferRepository {
  /**
   * Inserts the transfer unless its id exists. True when this call inserted it. A concurrent insert
   * of the same id makes this one wait for that transaction: it commits → false; it rolls back → ours goes in.
   */
  async insertIfNew(tx: EntityManager, t: NewTransfer): Promise<boolean> {
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO ledger.transfers (id, debit_account_id, credit_account_id, amount_minor, kind, reference, metadata)
       VALUES ($1, $2, $3, $4::bigint, $5, $6, $7::jsonb)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [t.id, t.debitAccountId, t.creditAccountId, t.amountMinor.toString(), t.kind, t.reference, JSON.stringify(t.metadata)],
    );
    return rows.length > 0;
  }

  async findById(tx: EntityManager, id: string): Promise<TransferRow | null> {
    const rows: TransferRow[] = await tx.query(
      `SELECT t.id, t.debit_account_id, t.credit_account_id, d.code AS debit_code, c.code AS credit_code,
              t.amount_minor, t.kind, t.reference, t.metadata, t.created_at
         FROM ledger.transfers t
         JOIN ledger.accounts d ON d.id = t.debit_account_id
         JOIN ledger.accounts c ON c.id = t.credit_account_id
        WHERE t.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** How many transfers credited this account and their total. */
  async creditsTo(tx: EntityManager, accountCode: string): Promise<{ count: number; totalMinor: bigint }> {
    const rows: { count: string; total_minor: string }[] = await tx.query(
      `SELECT count(*) AS count, COALESCE(sum(t.amount_minor), 0)::bigint AS total_minor
         FROM ledger.transfers t JOIN ledger.accounts a ON a.id = t.credit_account_id
        WHERE a.code = $1`,
      [accountCode],
    );
    return { count: Number(rows[0].count), totalMinor: BigInt(rows[0].total_minor) };
  }
}
