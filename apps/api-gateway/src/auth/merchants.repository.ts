import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface MerchantRow {
  id: string;
  username: string;
  email: string;
  phone: string;
  business_name: string | null;
  password_hash: string;
  status: 'active' | 'suspended';
  created_at: Date;
}

export interface NewMerchant {
  id: string;
  username: string;
  email: string;
  phone: string;
  business_name: string | null;
  password_hash: string;
}

/** Postgres' unique_violation; the unique indexes, not a read-then-insert, decide duplicates. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string; driverError?: { code?: string } })?.driverError?.code ?? (error as { code?: string })?.code;
  return code === '23505';
}

@Injectable()
export class MerchantsRepository {
  async insert(tx: EntityManager, merchant: NewMerchant): Promise<MerchantRow> {
    const rows: MerchantRow[] = await tx.query(
      `INSERT INTO gateway.merchants (id, username, email, phone, business_name, password_hash)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [merchant.id, merchant.username, merchant.email, merchant.phone, merchant.business_name, merchant.password_hash],
    );
    return rows[0];
  }

  async findByLogin(tx: EntityManager, login: { username?: string; email?: string }): Promise<MerchantRow | null> {
    const rows: MerchantRow[] = login.username
      ? await tx.query(`SELECT * FROM gateway.merchants WHERE lower(username) = lower($1)`, [login.username])
      : await tx.query(`SELECT * FROM gateway.merchants WHERE email = lower($1)`, [login.email ?? '']);
    return rows[0] ?? null;
  }

  async findById(tx: EntityManager, id: string): Promise<MerchantRow | null> {
    const rows: MerchantRow[] = await tx.query(`SELECT * FROM gateway.merchants WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }
}
