import { returnedRows } from '@lipa/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { StkTransaction, StkTransactionStatus } from './stk-transaction';

type Queryable = Pick<EntityManager, 'query'>;

interface Row {
  id: string;
  merchant_id: string;
  mode: StkTransaction['mode'];
  status: StkTransactionStatus;
  amount_minor: string;
  phone: string;
  reference: string;
  description: string | null;
  callback_url: string | null;
  idempotency_key: string | null;
  checkout_request_id: string | null;
  merchant_request_id: string | null;
  result_code: string | null;
  result_desc: string | null;
  transaction_code: string | null;
  fee_minor: string;
  correlation_id: string | null;
  created_at: Date;
  completed_at: Date | null;
}

function fromRow(row: Row): StkTransaction {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    mode: row.mode,
    status: row.status,
    amountMinor: BigInt(row.amount_minor),
    phone: row.phone,
    reference: row.reference,
    description: row.description,
    callbackUrl: row.callback_url,
    idempotencyKey: row.idempotency_key,
    checkoutRequestId: row.checkout_request_id,
    merchantRequestId: row.merchant_request_id,
    resultCode: row.result_code,
    resultDesc: row.result_desc,
    transactionCode: row.transaction_code,
    feeMinor: BigInt(row.fee_minor),
    correlationId: row.correlation_id,
    createdAt: row.created_at,
    completedAt: row.completed_at,
  };
}

export interface NewStkTransaction {
  id: string;
  merchantId: string;
  mode: StkTransaction['mode'];
  amountMinor: bigint;
  phone: string;
  reference: string;
  description: string | null;
  callbackUrl: string | null;
  idempotencyKey: string | null;
  correlationId: string;
}

export interface Settlement {
  status: StkTransactionStatus;
  resultCode: string;
  resultDesc: string;
  transactionCode: string | null;
}

@Injectable()
export class StkTransactionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts unless the merchant already used this idempotency key; returns null in that case. */
  async insert(txn: NewStkTransaction): Promise<StkTransaction | null> {
    const rows: Row[] = await this.dataSource.query(
      `INSERT INTO stk_transactions (id, merchant_id, mode, status, amount_minor, phone, reference, description, callback_url, idempotency_key, correlation_id)
       VALUES ($1, $2, $3, 'initiating', $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (merchant_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
       RETURNING *`,
      [
        txn.id,
        txn.merchantId,
        txn.mode,
        txn.amountMinor.toString(),
        txn.phone,
        txn.reference,
        txn.description,
        txn.callbackUrl,
        txn.idempotencyKey,
        txn.correlationId,
      ],
    );
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async findByIdempotencyKey(merchantId: string, key: string): Promise<StkTransaction | null> {
    const rows: Row[] = await this.dataSource.query(`SELECT * FROM stk_transactions WHERE merchant_id = $1 AND idempotency_key = $2`, [merchantId, key]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async findForMerchant(merchantId: string, by: { id?: string; checkoutRequestId?: string }): Promise<StkTransaction | null> {
    const rows: Row[] = by.id
      ? await this.dataSource.query(`SELECT * FROM stk_transactions WHERE merchant_id = $1 AND id = $2`, [merchantId, by.id])
      : await this.dataSource.query(`SELECT * FROM stk_transactions WHERE merchant_id = $1 AND checkout_request_id = $2`, [merchantId, by.checkoutRequestId]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async markAccepted(id: string, checkoutRequestId: string, merchantRequestId: string): Promise<StkTransaction> {
    // A callback can beat Daraja's synchronous answer home; never move a settled payment back to pending.
    const rows = returnedRows<Row>(
      await this.dataSource.query(
        `UPDATE stk_transactions
          SET checkout_request_id = $2, merchant_request_id = $3, updated_at = now(),
              status = CASE WHEN status IN ('initiating', 'unknown') THEN 'pending' ELSE status END
        WHERE id = $1 RETURNING *`,
        [id, checkoutRequestId, merchantRequestId],
      ),
    );
    return fromRow(rows[0]);
  }

  async markUnsent(id: string, status: 'failed' | 'unknown', resultCode: string, resultDesc: string): Promise<StkTransaction> {
    const rows = returnedRows<Row>(
      await this.dataSource.query(
        `UPDATE stk_transactions SET status = $2, result_code = $3, result_desc = $4, updated_at = now(),
              completed_at = CASE WHEN $2 = 'failed' THEN now() ELSE NULL END
        WHERE id = $1 AND status = 'initiating' RETURNING *`,
        [id, status, resultCode, resultDesc],
      ),
    );
    return fromRow(rows[0]);
  }

  /** Locks the row for the settling transaction, so a callback and a reconciliation query cannot both settle it. */
  async lock(tx: Queryable, id: string): Promise<StkTransaction | null> {
    const rows: Row[] = await tx.query(`SELECT * FROM stk_transactions WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async settle(tx: Queryable, id: string, settlement: Settlement, ids: { checkoutRequestId: string; merchantRequestId: string }): Promise<StkTransaction> {
    const rows = returnedRows<Row>(
      await tx.query(
        `UPDATE stk_transactions
          SET status = $2, result_code = $3, result_desc = $4, transaction_code = $5,
              checkout_request_id = COALESCE(checkout_request_id, $6), merchant_request_id = COALESCE(merchant_request_id, $7),
              completed_at = now(), updated_at = now()
        WHERE id = $1 RETURNING *`,
        [id, settlement.status, settlement.resultCode, settlement.resultDesc, settlement.transactionCode, ids.checkoutRequestId, ids.merchantRequestId],
      ),
    );
    return fromRow(rows[0]);
  }

  /** Open payments older than the cut-off, oldest first, for reconciliation (the open-status index serves it). */
  async findStale(olderThan: Date, limit: number): Promise<StkTransaction[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT * FROM stk_transactions
        WHERE status IN ('pending', 'unknown', 'initiating') AND created_at < $1
        ORDER BY created_at LIMIT $2`,
      [olderThan, limit],
    );
    return rows.map(fromRow);
  }
}
