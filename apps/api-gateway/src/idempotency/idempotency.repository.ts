import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { returnedRows } from '@lipa/platform';

export interface IdempotencyRecord {
  request_hash: string;
  status: 'in_progress' | 'completed' | 'unknown';
  response_status: number | null;
  response_body: unknown;
}

/**
 * Idempotency-Key records: (merchant_id, key) → the request's hash and its outcome. The primary key
 * decides who is first; two concurrent requests cannot both insert.
 */
@Injectable()
export class IdempotencyRepository {
  /** True when this request now owns the key (new). */
  async claim(tx: EntityManager, merchantId: string, key: string, hash: string): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO gateway.idempotency_records (merchant_id, key, request_hash, status)
       VALUES ($1, $2, $3, 'in_progress') ON CONFLICT DO NOTHING RETURNING key`,
      [merchantId, key, hash],
    );
    return rows.length > 0;
  }

  /**
   * The same request may run again when its first run's outcome is unknown (what lies beneath
   * de-duplicates by the key) or when its first run's process died long ago (stale in_progress).
   */
  async takeOver(tx: EntityManager, merchantId: string, key: string, hash: string, staleMs: number): Promise<boolean> {
    const rows = returnedRows<unknown>(
      await tx.query(
        `UPDATE gateway.idempotency_records SET status = 'in_progress', created_at = now()
         WHERE merchant_id = $1 AND key = $2 AND request_hash = $3
           AND (status = 'unknown' OR (status = 'in_progress' AND created_at < now() - ($4::int * interval '1 millisecond')))
         RETURNING key`,
        [merchantId, key, hash, staleMs],
      ),
    );
    return rows.length > 0;
  }

  async find(tx: EntityManager, merchantId: string, key: string): Promise<IdempotencyRecord | null> {
    const rows: IdempotencyRecord[] = await tx.query(
      `SELECT request_hash, status, response_status, response_body FROM gateway.idempotency_records WHERE merchant_id = $1 AND key = $2`,
      [merchantId, key],
    );
    return rows[0] ?? null;
  }

  async complete(tx: EntityManager, merchantId: string, key: string, status: number, body: unknown): Promise<void> {
    await tx.query(
      `UPDATE gateway.idempotency_records
       SET status = 'completed', response_status = $3, response_body = $4::jsonb, completed_at = now()
       WHERE merchant_id = $1 AND key = $2`,
      [merchantId, key, status, JSON.stringify(body)],
    );
  }

  async markUnknown(tx: EntityManager, merchantId: string, key: string): Promise<void> {
    await tx.query(`UPDATE gateway.idempotency_records SET status = 'unknown' WHERE merchant_id = $1 AND key = $2 AND status = 'in_progress'`, [
      merchantId,
      key,
    ]);
  }
}
