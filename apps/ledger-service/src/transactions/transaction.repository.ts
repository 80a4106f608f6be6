import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ApiMode, PaymentStatus, TransactionListItem } from '@lipa/contracts';

type Queryable = Pick<EntityManager, 'query'>;

/** What every event about a transaction says of it. */
interface TransactionFacts {
  merchantId: string;
  mode: ApiMode;
  transactionId: string;
  type: string;
  amountMinor: bigint;
  phone: string;
  reference: string;
  paymentId: string | null;
  createdAt: string;
}

export interface InitiatedTransaction extends TransactionFacts {
  feeMinor: bigint;
}

export interface EndedTransaction extends TransactionFacts {
  status: Exclude<PaymentStatus, 'pending'>;
  transactionCode: string | null;
  /** Null when this event does not say (the initiation's stands). */
  feeMinor: bigint | null;
  feeDeducted: boolean;
  completedAt: string;
}

export interface TransactionFilter {
  merchantId: string;
  mode: ApiMode;
  status: PaymentStatus | null;
  type: string | null;
  from: string | null;
  to: string | null;
  paymentId: string | null;
}

interface Row {
  transaction_id: string;
  mode: ApiMode;
  type: string;
  status: PaymentStatus;
  amount_minor: string;
  phone: string | null;
  reference: string | null;
  transaction_code: string | null;
  fee_minor: string | null;
  fee_deducted: boolean;
  payment_id: string | null;
  created_at: Date;
  completed_at: Date | null;
}

function toItem(row: Row): TransactionListItem {
  return {
    transaction_id: row.transaction_id,
    mode: row.mode,
    type: row.type,
    status: row.status,
    amount_minor: row.amount_minor,
    phone: row.phone,
    reference: row.reference,
    transaction_code: row.transaction_code,
    fee_minor: row.fee_minor ?? '0',
    fee_deducted: row.fee_deducted,
    payment_id: row.payment_id,
    created_at: row.created_at.toISOString(),
    completed_at: row.completed_at?.toISOString() ?? null,
  };
}

const FILTERS = `merchant_id = $1 AND mode = $2
   AND ($3::text IS NULL OR status = $3) AND ($4::text IS NULL OR type = $4)
   AND ($5::timestamptz IS NULL OR created_at >= $5) AND ($6::timestamptz IS NULL OR created_at <= $6)
   AND ($7::text IS NULL OR payment_id = $7)`;

/**
 * The transactions read model (`ledger.transactions`). Events about one transaction may arrive in any
 * order and more than once, so both writes are upserts that only ever move a row forward: an initiation
 * fills what is missing and never touches the status; an outcome sets the final status once, and a
 * second outcome (or the same one again) changes nothing.
 */
@Injectable()
export class TransactionRepository {
  async recordInitiated(tx: Queryable, t: InitiatedTransaction): Promise<void> {
    await tx.query(
      `INSERT INTO ledger.transactions AS t (merchant_id, mode, transaction_id, type, status, amount_minor, phone, reference, fee_minor, payment_id, created_at)
       VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7, $8, $9, $10)
       ON CONFLICT (merchant_id, transaction_id) DO UPDATE
         SET phone = COALESCE(t.phone, EXCLUDED.phone), reference = COALESCE(t.reference, EXCLUDED.reference),
             fee_minor = COALESCE(t.fee_minor, EXCLUDED.fee_minor), payment_id = COALESCE(t.payment_id, EXCLUDED.payment_id), updated_at = now()`,
      [t.merchantId, t.mode, t.transactionId, t.type, t.amountMinor.toString(), t.phone, t.reference, t.feeMinor.toString(), t.paymentId, t.createdAt],
    );
  }

  async recordEnded(tx: Queryable, t: EndedTransaction): Promise<void> {
    await tx.query(
      `INSERT INTO ledger.transactions AS t (merchant_id, mode, transaction_id, type, status, amount_minor, phone, reference, transaction_code,
                                             fee_minor, fee_deducted, payment_id, created_at, completed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (merchant_id, transaction_id) DO UPDATE
         SET status = EXCLUDED.status, transaction_code = EXCLUDED.transaction_code, completed_at = EXCLUDED.completed_at,
             fee_minor = COALESCE(EXCLUDED.fee_minor, t.fee_minor), fee_deducted = EXCLUDED.fee_deducted,
             payment_id = COALESCE(t.payment_id, EXCLUDED.payment_id), updated_at = now()
       WHERE t.status = 'pending'`,
      [
        t.merchantId,
        t.mode,
        t.transactionId,
        t.type,
        t.status,
        t.amountMinor.toString(),
        t.phone,
        t.reference,
        t.transactionCode,
        t.feeMinor?.toString() ?? null,
        t.feeDeducted,
        t.paymentId,
        t.createdAt,
        t.completedAt,
      ],
    );
  }

  /** One page, newest first (the order of `transactions_listing`), and the count of the whole filtered list. */
  async list(tx: Queryable, f: TransactionFilter, offset: number, limit: number): Promise<{ items: TransactionListItem[]; total: number }> {
    const params = [f.merchantId, f.mode, f.status, f.type, f.from, f.to, f.paymentId];
    const rows: Row[] = await tx.query(
      `SELECT transaction_id, mode, type, status, amount_minor, phone, reference, transaction_code, fee_minor, fee_deducted, payment_id, created_at, completed_at
         FROM ledger.transactions WHERE ${FILTERS}
        ORDER BY created_at DESC, transaction_id OFFSET $8 LIMIT $9`,
      [...params, offset, limit],
    );
    const [{ n }] = (await tx.query(`SELECT count(*)::int AS n FROM ledger.transactions WHERE ${FILTERS}`, params)) as { n: number }[];
    return { items: rows.map(toItem), total: n };
  }
}
