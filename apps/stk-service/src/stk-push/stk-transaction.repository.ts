import type { TopUpWallet } from '@lipa/contracts';
import type { StkTransactionType } from '@lipa/daraja';
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
  command_id: string | null;
  payment_id: string | null;
  business_short_code: string | null;
  party_b: string | null;
  transaction_type: StkTransactionType | null;
  daraja_app_sealed: string | null;
  top_up_wallet: TopUpWallet | null;
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
    commandId: row.command_id,
    paymentId: row.payment_id,
    businessShortCode: row.business_short_code,
    partyB: row.party_b,
    transactionType: row.transaction_type,
    darajaAppSealed: row.daraja_app_sealed,
    topUpWallet: row.top_up_wallet ?? null,
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
  commandId: string;
  paymentId: string | null;
  businessShortCode: string;
  partyB: string;
  transactionType: StkTransactionType;
  darajaAppSealed: string | null;
  topUpWallet: TopUpWallet | null;
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

  /**
   * Inserts unless the merchant already used this idempotency key, or this command already created a row
   * (a redelivered stk.push.initiate); returns null in those cases.
   */
  async insert(txn: NewStkTransaction): Promise<StkTransaction | null> {
    const rows: Row[] = await this.dataSource.query(
      `INSERT INTO stk_transactions (id, merchant_id, mode, status, amount_minor, phone, reference, description, callback_url, idempotency_key,
                                     command_id, payment_id, business_short_code, party_b, transaction_type, daraja_app_sealed, correlation_id, top_up_wallet)
       VALUES ($1, $2, $3, 'initiating', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       ON CONFLICT DO NOTHING
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
        txn.commandId,
        txn.paymentId,
        txn.businessShortCode,
        txn.partyB,
        txn.transactionType,
        txn.darajaAppSealed,
        txn.correlationId,
        txn.topUpWallet,
      ],
    );
    return rows[0] ? fromRow(rows[0]) : null;
  }

  /** The row an insert collided with: the merchant's idempotency key wins over the command id. */
  async findExisting(merchantId: string, idempotencyKey: string | null, commandId: string): Promise<StkTransaction | null> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT * FROM stk_transactions
        WHERE merchant_id = $1 AND (idempotency_key = $2 OR command_id = $3)
        ORDER BY (idempotency_key IS NOT DISTINCT FROM $2) DESC LIMIT 1`,
      [merchantId, idempotencyKey, commandId],
    );
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async findById(id: string): Promise<StkTransaction | null> {
    const rows: Row[] = await this.dataSource.query(`SELECT * FROM stk_transactions WHERE id = $1`, [id]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  /** One merchant's transaction; with `mode`, never one of the other mode (a test key never reads live data). */
  async findForMerchant(merchantId: string, by: { id?: string; checkoutRequestId?: string; mode?: StkTransaction['mode'] }): Promise<StkTransaction | null> {
    const mode = by.mode ?? null;
    const rows: Row[] = by.id
      ? await this.dataSource.query(`SELECT * FROM stk_transactions WHERE merchant_id = $1 AND id = $2 AND ($3::text IS NULL OR mode = $3)`, [
          merchantId,
          by.id,
          mode,
        ])
      : await this.dataSource.query(`SELECT * FROM stk_transactions WHERE merchant_id = $1 AND checkout_request_id = $2 AND ($3::text IS NULL OR mode = $3)`, [
          merchantId,
          by.checkoutRequestId,
          mode,
        ]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  /** In the caller's transaction (tx), so payment.initiated goes to the outbox with it (InitiateStkPush). */
  async markAccepted(tx: Queryable, id: string, checkoutRequestId: string, merchantRequestId: string): Promise<StkTransaction> {
    // A callback can beat Daraja's synchronous answer home (and then set these ids itself); never move a
    // settled payment back to pending.
    const rows = returnedRows<Row>(
      await tx.query(
        `UPDATE stk_transactions
          SET checkout_request_id = COALESCE(checkout_request_id, $2), merchant_request_id = COALESCE(merchant_request_id, $3), updated_at = now(),
              status = CASE WHEN status IN ('initiating', 'unknown') THEN 'pending' ELSE status END
        WHERE id = $1 RETURNING *`,
        [id, checkoutRequestId, merchantRequestId],
      ),
    );
    return fromRow(rows[0]);
  }

  /** The fee held for the push (ledger.fee.hold), so the transaction shows it as `fee_amount`. */
  async setFee(id: string, feeMinor: bigint): Promise<StkTransaction> {
    const rows = returnedRows<Row>(
      await this.dataSource.query(`UPDATE stk_transactions SET fee_minor = $2, updated_at = now() WHERE id = $1 RETURNING *`, [id, feeMinor.toString()]),
    );
    return fromRow(rows[0]);
  }

  /**
   * Records a push that got no acceptance. Only an 'initiating' row changes: null means something else
   * (its callback) settled it first, and that outcome stands.
   */
  async markUnsent(id: string, status: 'failed' | 'unknown', resultCode: string, resultDesc: string): Promise<StkTransaction | null> {
    const rows = returnedRows<Row>(
      await this.dataSource.query(
        `UPDATE stk_transactions SET status = $2, result_code = $3, result_desc = $4, updated_at = now(),
              completed_at = CASE WHEN $2 = 'failed' THEN now() ELSE NULL END
        WHERE id = $1 AND status = 'initiating' RETURNING *`,
        [id, status, resultCode, resultDesc],
      ),
    );
    return rows[0] ? fromRow(rows[0]) : null;
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
