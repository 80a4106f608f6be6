import { returnedRows } from '@lipa/platform';
import { Injectable } from '@nestjs/common';
import type { ApiMode } from '@lipa/contracts';
import type { EntityManager } from 'typeorm';

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

export type NewCredential = Pick<CredentialRow, 'id' | 'merchant_id' | 'label' | 'mode' | 'api_key' | 'secret_hash' | 'secret_last4'>;

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

  async findBySecretHash(tx: EntityManager, secretHash: string): Promise<CredentialRow | null> {
    const rows: CredentialRow[] = await tx.query(`SELECT * FROM gateway.api_credentials WHERE secret_hash = $1`, [secretHash]);
    return rows[0] ?? null;
  }

  async findByApiKey(tx: EntityManager, apiKey: string): Promise<CredentialRow | null> {
    const rows: CredentialRow[] = await tx.query(`SELECT * FROM gateway.api_credentials WHERE api_key = $1`, [apiKey]);
    return rows[0] ?? null;
  }

  async findById(tx: EntityManager, id: string): Promise<CredentialRow | null> {
    const rows: CredentialRow[] = await tx.query(`SELECT * FROM gateway.api_credentials WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Newest first; bounded, a merchant has at most a few dozen keys. */
  async listForMerchant(tx: EntityManager, merchantId: string, limit = 100): Promise<CredentialRow[]> {
    return tx.query(`SELECT * FROM gateway.api_credentials WHERE merchant_id = $1 ORDER BY created_at DESC, id LIMIT $2`, [merchantId, limit]);
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

  /** At most one write a minute per key, so a busy key does not turn every request into an UPDATE. */
  async touch(tx: EntityManager, id: string): Promise<void> {
    await tx.query(
      `UPDATE gateway.api_credentials SET last_used_at = now()
       WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [id],
    );
  }
}
