import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ApiMode } from '@lipa/contracts';
import { returnedRows } from '@lipa/platform';
import type { PaymentAccountRow } from './payment-account';

export type NewPaymentAccount = Omit<PaymentAccountRow, 'created_at' | 'updated_at'>;
export type PaymentAccountChanges = Partial<
  Pick<PaymentAccountRow, 'number' | 'store_number' | 'account_reference' | 'label' | 'daraja_app_sealed' | 'daraja_consumer_key_last4' | 'type'>
>;

const CHANGEABLE: (keyof PaymentAccountChanges)[] = [
  'type',
  'number',
  'store_number',
  'account_reference',
  'label',
  'daraja_app_sealed',
  'daraja_consumer_key_last4',
];

@Injectable()
export class PaymentAccountsRepository {
  async insert(tx: EntityManager, a: NewPaymentAccount): Promise<PaymentAccountRow> {
    const rows: PaymentAccountRow[] = await tx.query(
      `INSERT INTO gateway.payment_accounts
         (id, merchant_id, payment_id, mode, type, number, store_number, account_reference, label, is_primary, daraja_app_sealed, daraja_consumer_key_last4)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING *`,
      [
        a.id,
        a.merchant_id,
        a.payment_id,
        a.mode,
        a.type,
        a.number,
        a.store_number,
        a.account_reference,
        a.label,
        a.is_primary,
        a.daraja_app_sealed,
        a.daraja_consumer_key_last4,
      ],
    );
    return rows[0];
  }

  async findByPaymentId(tx: EntityManager, merchantId: string, paymentId: string): Promise<PaymentAccountRow | null> {
    const rows: PaymentAccountRow[] = await tx.query(`SELECT * FROM gateway.payment_accounts WHERE merchant_id = $1 AND payment_id = $2`, [
      merchantId,
      paymentId,
    ]);
    return rows[0] ?? null;
  }

  async findPrimary(tx: EntityManager, merchantId: string, mode: ApiMode): Promise<PaymentAccountRow | null> {
    const rows: PaymentAccountRow[] = await tx.query(`SELECT * FROM gateway.payment_accounts WHERE merchant_id = $1 AND mode = $2 AND is_primary`, [
      merchantId,
      mode,
    ]);
    return rows[0] ?? null;
  }

  /** Oldest first (#00001 before #00002); a merchant has few. `mode` null: both modes (the profile). */
  async list(tx: EntityManager, merchantId: string, mode: ApiMode | null, limit = 100): Promise<PaymentAccountRow[]> {
    return tx.query(`SELECT * FROM gateway.payment_accounts WHERE merchant_id = $1 AND ($2::text IS NULL OR mode = $2) ORDER BY payment_id LIMIT $3`, [
      merchantId,
      mode,
      limit,
    ]);
  }

  /** One page, oldest first (#00001 before #00002), with the true total. */
  async page(
    tx: EntityManager,
    merchantId: string,
    mode: ApiMode,
    page: { offset: number; limit: number },
  ): Promise<{ rows: PaymentAccountRow[]; total: number }> {
    const total: { n: number }[] = await tx.query(`SELECT count(*)::int AS n FROM gateway.payment_accounts WHERE merchant_id = $1 AND mode = $2`, [
      merchantId,
      mode,
    ]);
    const rows: PaymentAccountRow[] = await tx.query(
      `SELECT * FROM gateway.payment_accounts WHERE merchant_id = $1 AND mode = $2 ORDER BY payment_id LIMIT $3 OFFSET $4`,
      [merchantId, mode, page.limit, page.offset],
    );
    return { rows, total: total[0].n };
  }

  async count(tx: EntityManager, merchantId: string): Promise<number> {
    const rows: { n: number }[] = await tx.query(`SELECT count(*)::int AS n FROM gateway.payment_accounts WHERE merchant_id = $1`, [merchantId]);
    return rows[0].n;
  }

  async update(tx: EntityManager, id: string, changes: PaymentAccountChanges): Promise<PaymentAccountRow> {
    const fields = CHANGEABLE.filter((f) => changes[f] !== undefined);
    const sets = fields.map((f, i) => `${f} = $${i + 2}`);
    const rows = returnedRows<PaymentAccountRow>(
      await tx.query(`UPDATE gateway.payment_accounts SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 RETURNING *`, [
        id,
        ...fields.map((f) => changes[f]),
      ]),
    );
    return rows[0];
  }

  /** Moves "primary" within one merchant and mode; the partial unique index forbids two at once. */
  async makePrimary(tx: EntityManager, account: PaymentAccountRow): Promise<PaymentAccountRow> {
    await tx.query(
      `UPDATE gateway.payment_accounts SET is_primary = false, updated_at = now() WHERE merchant_id = $1 AND mode = $2 AND is_primary AND id <> $3`,
      [account.merchant_id, account.mode, account.id],
    );
    const rows = returnedRows<PaymentAccountRow>(
      await tx.query(`UPDATE gateway.payment_accounts SET is_primary = true, updated_at = now() WHERE id = $1 RETURNING *`, [account.id]),
    );
    return rows[0];
  }
}
