import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { MerchantRole, MerchantStatus } from '../merchants/merchant';

export interface LiveSession {
  merchant_id: string;
  expires_at: Date;
  merchant_status: MerchantStatus;
  merchant_role: MerchantRole;
  live_approved_at: Date | null;
  subscription_expires_at: Date | null;
  rate_limit_per_minute: number | null;
}

/** Portal sessions, stored server-side by the HMAC of their token; log-out deletes, expiry ends them. */
@Injectable()
export class SessionsRepository {
  async insert(tx: EntityManager, tokenHash: string, merchantId: string, expiresAt: Date): Promise<void> {
    await tx.query(`INSERT INTO gateway.sessions (token_hash, merchant_id, expires_at) VALUES ($1, $2, $3)`, [tokenHash, merchantId, expiresAt]);
  }

  async findLive(tx: EntityManager, tokenHash: string): Promise<LiveSession | null> {
    const rows: LiveSession[] = await tx.query(
      `SELECT s.merchant_id, s.expires_at, m.status AS merchant_status, m.role AS merchant_role, m.live_approved_at,
              m.subscription_expires_at, m.rate_limit_per_minute
       FROM gateway.sessions s JOIN gateway.merchants m ON m.id = s.merchant_id
       WHERE s.token_hash = $1 AND s.expires_at > now()`,
      [tokenHash],
    );
    return rows[0] ?? null;
  }

  async delete(tx: EntityManager, tokenHash: string): Promise<void> {
    await tx.query(`DELETE FROM gateway.sessions WHERE token_hash = $1`, [tokenHash]);
  }

  /** Expired sessions are useless; bounded so one sweep never holds locks for long. */
  async deleteExpired(tx: EntityManager, limit = 1_000): Promise<number> {
    const rows: unknown[] = await tx.query(
      `DELETE FROM gateway.sessions WHERE token_hash IN (SELECT token_hash FROM gateway.sessions WHERE expires_at <= now() LIMIT $1) RETURNING 1`,
      [limit],
    );
    return rows.length;
  }
}
