import { Injectable } from '@nestjs/common';
import type { ApiMode } from '@lipa/contracts';
import { returnedRows } from '@lipa/platform';
import type { EntityManager } from 'typeorm';
import type { MerchantRole, MerchantStatus } from '../merchants/merchant';

export interface CredentialRow {
  id: string;
  merchant_id: string;
  label: string | null;
  mode: ApiMode;
  api_key: string;
  secret_hash: string;
  secret_last4: string;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

/** A credential with what authorising a request needs of its merchant, read in one query. */
export interface CredentialWithMerchant extends CredentialRow {
  merchant_status: MerchantStatus;
  merchant_role: MerchantRole;
  live_approved_at: Date | null;
  subscription_expires_at: Date | null;
  rate_limit_per_minute: number | null;
}

export type NewCredential = Pick<CredentialRow, 'id' | 'merchant_id' | 'label' | 'mode' | 'api_key' | 'secret_hash' | 'secret_last4'>;

const WITH_MERCHANT = `SELECT c.*, m.status AS merchant_status, m.role AS merchant_role, m.live_approved_at, m.subscription_expires_at, m.rate_limit_per_minute
  FROM gateway.api_credentials c JOIN gateway.merchants m ON m.id = c.merchant_id`;

@Injectable()
export class CredentialsRepository {
  async insert(tx: EntityManager, c: NewCredential): Promise<CredentialRow> {
    const rows: CredentialRow[] = await tx.query(
      `INSERT INTO gateway.api_credentials (id, merchant_id, label, mode, api_key, secret_hash, secret_last4)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [c.id, c.merchant_id, c.label, c.mode, c.api_key, c.secret_hash, c.secret_last4],
    );
    return rows[0];
  }

  async countActive(tx: EntityManager, merchantId: string): Promise<number> {
    const rows: { n: number }[] = await tx.query(`SELECT count(*)::int AS n FROM gateway.api_credentials WHERE merchant_id = $1 AND revoked_at IS NULL`, [
      merchantId,
    ]);
    return rows[0].n;
  }

  async findBySecretHash(tx: EntityManager, secretHash: string): Promise<CredentialWithMerchant | null> {
    const rows: CredentialWithMerchant[] = await tx.query(`${WITH_MERCHANT} WHERE c.secret_hash = $1`, [secretHash]);
    return rows[0] ?? null;
  }

  async findByApiKey(tx: EntityManager, apiKey: string): Promise<CredentialWithMerchant | null> {
    const rows: CredentialWithMerchant[] = await tx.query(`${WITH_MERCHANT} WHERE c.api_key = $1`, [apiKey]);
    return rows[0] ?? null;
  }

  async findById(tx: EntityManager, id: string): Promise<CredentialWithMerchant | null> {
    const rows: CredentialWithMerchant[] = await tx.query(`${WITH_MERCHANT} WHERE c.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Newest first; bounded, a merchant has at most a few dozen keys. */
  async listForMerchant(tx: EntityManager, merchantId: string, mode: ApiMode | null, limit = 100): Promise<CredentialRow[]> {
    return tx.query(`SELECT * FROM gateway.api_credentials WHERE merchant_id = $1 AND ($2::text IS NULL OR mode = $2) ORDER BY created_at DESC, id LIMIT $3`, [
      merchantId,
      mode,
      limit,
    ]);
  }

  /** One page, newest first, with the true total. */
  async pageForMerchant(
    tx: EntityManager,
    merchantId: string,
    mode: ApiMode | null,
    page: { offset: number; limit: number },
  ): Promise<{ rows: CredentialRow[]; total: number }> {
    const where = `WHERE merchant_id = $1 AND ($2::text IS NULL OR mode = $2)`;
    const total: { n: number }[] = await tx.query(`SELECT count(*)::int AS n FROM gateway.api_credentials ${where}`, [merchantId, mode]);
    const rows: CredentialRow[] = await tx.query(`SELECT * FROM gateway.api_credentials ${where} ORDER BY created_at DESC, id LIMIT $3 OFFSET $4`, [
      merchantId,
      mode,
      page.limit,
      page.offset,
    ]);
    return { rows, total: total[0].n };
  }

  /** Scoped by merchant: another merchant's key id revokes nothing and answers null. */
  async revoke(tx: EntityManager, merchantId: string, id: string): Promise<CredentialRow | null> {
    const rows = returnedRows<CredentialRow>(
      await tx.query(
        `UPDATE gateway.api_credentials SET revoked_at = coalesce(revoked_at, now())
         WHERE id = $1 AND merchant_id = $2 RETURNING *`,
        [id, merchantId],
      ),
    );
    return rows[0] ?? null;
  }

  /** One statement for every key used since the last flush (UsageRecorder). */
  async recordUse(tx: EntityManager, usedAt: Map<string, Date>): Promise<void> {
    if (usedAt.size === 0) return;
    await tx.query(
      `UPDATE gateway.api_credentials c SET last_used_at = u.used_at
       FROM unnest($1::text[], $2::timestamptz[]) AS u(id, used_at)
       WHERE c.id = u.id AND (c.last_used_at IS NULL OR c.last_used_at < u.used_at)`,
      [[...usedAt.keys()], [...usedAt.values()]],
    );
  }
}
