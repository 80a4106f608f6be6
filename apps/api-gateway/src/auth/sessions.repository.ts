import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

@Injectable()
export class SessionsRepository {
  async insert(tx: EntityManager, tokenHash: string, merchantId: string, expiresAt: Date): Promise<void> {
    await tx.query(`INSERT INTO gateway.sessions (token_hash, merchant_id, expires_at) VALUES ($1, $2, $3)`, [tokenHash, merchantId, expiresAt]);
  }

  async findLive(tx: EntityManager, tokenHash: string): Promise<{ merchant_id: string } | null> {
    const rows: { merchant_id: string }[] = await tx.query(`SELECT merchant_id FROM gateway.sessions WHERE token_hash = $1 AND expires_at > now()`, [
      tokenHash,
    ]);
    return rows[0] ?? null;
  }
}
