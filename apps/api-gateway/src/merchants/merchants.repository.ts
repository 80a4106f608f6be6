import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { returnedRows } from '@lipa/platform';
import type { MerchantRole, MerchantRow } from './merchant';

export interface NewMerchant {
  id: string;
  username: string;
  email: string;
  phone: string | null;
  business_name: string | null;
  password_hash: string;
  role?: MerchantRole;
  subscription_plan: string | null;
  subscription_expires_at: Date | null;
}

/** Postgres' unique_violation; the unique indexes, not a read-then-insert, decide duplicates. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string; driverError?: { code?: string } })?.driverError?.code ?? (error as { code?: string })?.code;
  return code === '23505';
}

/** Fields an admin may change, each written as given (undefined = unchanged). */
export type MerchantChanges = Partial<
  Pick<
    MerchantRow,
    | 'status'
    | 'suspended_at'
    | 'suspension_reason'
    | 'live_approved_at'
    | 'withdrawal_enabled'
    | 'send_money_enabled'
    | 'auto_b2c_enabled'
    | 'subscription_plan'
    | 'subscription_expires_at'
    | 'rate_limit_per_minute'
    | 'role'
    | 'password_hash'
  >
>;

const CHANGEABLE: (keyof MerchantChanges)[] = [
  'status',
  'suspended_at',
  'suspension_reason',
  'live_approved_at',
  'withdrawal_enabled',
  'send_money_enabled',
  'auto_b2c_enabled',
  'subscription_plan',
  'subscription_expires_at',
  'rate_limit_per_minute',
  'role',
  'password_hash',
];

@Injectable()
export class MerchantsRepository {
  async insert(tx: EntityManager, merchant: NewMerchant): Promise<MerchantRow> {
    const rows: MerchantRow[] = await tx.query(
      `INSERT INTO gateway.merchants (id, username, email, phone, business_name, password_hash, role, subscription_plan, subscription_expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [
        merchant.id,
        merchant.username,
        merchant.email,
        merchant.phone,
        merchant.business_name,
        merchant.password_hash,
        merchant.role ?? 'merchant',
        merchant.subscription_plan,
        merchant.subscription_expires_at,
      ],
    );
    return rows[0];
  }

  /** Whether a username (any case) or email is taken, so a taken name is refused before hashing a password. */
  async exists(tx: EntityManager, username: string, email: string): Promise<boolean> {
    const rows: unknown[] = await tx.query(`SELECT 1 FROM gateway.merchants WHERE lower(username) = lower($1) OR email = lower($2) LIMIT 1`, [username, email]);
    return rows.length > 0;
  }

  /** `login` is a username or an email, as the Merchant Portal's `user` field is. */
  async findByLogin(tx: EntityManager, login: string): Promise<MerchantRow | null> {
    const rows: MerchantRow[] = await tx.query(`SELECT * FROM gateway.merchants WHERE lower(username) = lower($1) OR email = lower($1) LIMIT 1`, [login]);
    return rows[0] ?? null;
  }

  async findById(tx: EntityManager, id: string): Promise<MerchantRow | null> {
    const rows: MerchantRow[] = await tx.query(`SELECT * FROM gateway.merchants WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Locks the row for the rest of the transaction: serialises key creation, account numbering and admin changes. */
  async lock(tx: EntityManager, id: string): Promise<MerchantRow | null> {
    const rows: MerchantRow[] = await tx.query(`SELECT * FROM gateway.merchants WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ?? null;
  }

  async update(tx: EntityManager, id: string, changes: MerchantChanges): Promise<MerchantRow> {
    const fields = CHANGEABLE.filter((f) => changes[f] !== undefined);
    const sets = fields.map((f, i) => `${f} = $${i + 2}`);
    const rows = returnedRows<MerchantRow>(
      await tx.query(`UPDATE gateway.merchants SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 RETURNING *`, [
        id,
        ...fields.map((f) => changes[f]),
      ]),
    );
    return rows[0];
  }

  /** The next `#0000n` of this merchant; call with the merchant row locked. */
  async nextPaymentAccountSeq(tx: EntityManager, id: string): Promise<number> {
    const rows = returnedRows<{ payment_account_seq: number }>(
      await tx.query(`UPDATE gateway.merchants SET payment_account_seq = payment_account_seq + 1 WHERE id = $1 RETURNING payment_account_seq`, [id]),
    );
    return rows[0].payment_account_seq;
  }

  /** Newest first; `search` matches username, email, business name or phone. */
  async search(
    tx: EntityManager,
    filter: { search?: string; status?: string; role?: string },
    page: { offset: number; limit: number },
  ): Promise<{ rows: MerchantRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.search) {
      params.push(`%${filter.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(
        `(lower(username) LIKE $${params.length} OR email LIKE $${params.length} OR lower(coalesce(business_name, '')) LIKE $${params.length} OR coalesce(phone, '') LIKE $${params.length})`,
      );
    }
    if (filter.status) {
      params.push(filter.status);
      where.push(`status = $${params.length}`);
    }
    if (filter.role) {
      params.push(filter.role);
      where.push(`role = $${params.length}`);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total: { n: number }[] = await tx.query(`SELECT count(*)::int AS n FROM gateway.merchants ${clause}`, params);
    const rows: MerchantRow[] = await tx.query(
      `SELECT * FROM gateway.merchants ${clause} ORDER BY created_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    );
    return { rows, total: total[0].n };
  }
}
