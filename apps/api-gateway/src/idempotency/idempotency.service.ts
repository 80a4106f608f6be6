import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CodedError, ConflictError, LipaError, returnedRows } from '@lipa/platform';
import { ApiGatewayConfig } from '../config';

export class IdempotencyKeyReused extends LipaError {
  readonly code = 'idempotency_key_reused';
  readonly status = 422;
}

export type IdempotencyStart = { kind: 'first' } | { kind: 'replay'; status: number; body: unknown };

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export function checkIdempotencyKey(key: string): void {
  if (!KEY_PATTERN.test(key)) {
    throw new CodedError('invalid_idempotency_key', 400, 'Idempotency-Key must be 1-255 visible ASCII characters');
  }
}

/**
 * Idempotency-Key records (merchant_id, key) → the request's hash and, once done, its response.
 * The primary key decides who is first: two concurrent requests cannot both insert.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: ApiGatewayConfig,
  ) {}

  async begin(merchantId: string, key: string, hash: string): Promise<IdempotencyStart> {
    // Bounded: a row can only vanish between our statements if its owner abandoned it.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const inserted: unknown[] = await this.dataSource.query(
        `INSERT INTO gateway.idempotency_records (merchant_id, key, request_hash, status)
         VALUES ($1, $2, $3, 'in_progress') ON CONFLICT DO NOTHING RETURNING key`,
        [merchantId, key, hash],
      );
      if (inserted.length > 0) return { kind: 'first' };

      // The first request's process died mid-way: after a while the same request may take the key over.
      const takenOver = returnedRows<unknown>(
        await this.dataSource.query(
          `UPDATE gateway.idempotency_records SET created_at = now()
         WHERE merchant_id = $1 AND key = $2 AND request_hash = $3 AND status = 'in_progress'
           AND created_at < now() - ($4::int * interval '1 millisecond')
         RETURNING key`,
          [merchantId, key, hash, this.config.IDEMPOTENCY_STALE_MS],
        ),
      );
      if (takenOver.length > 0) return { kind: 'first' };

      const rows: { request_hash: string; status: string; response_status: number | null; response_body: unknown }[] = await this.dataSource.query(
        `SELECT request_hash, status, response_status, response_body FROM gateway.idempotency_records WHERE merchant_id = $1 AND key = $2`,
        [merchantId, key],
      );
      const row = rows[0];
      if (!row) continue;
      if (row.request_hash !== hash) {
        throw new IdempotencyKeyReused('This Idempotency-Key was already used with a different request');
      }
      if (row.status === 'in_progress') {
        throw new ConflictError('idempotency_key_in_progress', 'A request with this Idempotency-Key is still being processed');
      }
      return { kind: 'replay', status: row.response_status ?? 200, body: row.response_body };
    }
    throw new ConflictError('idempotency_key_in_progress', 'A request with this Idempotency-Key is still being processed');
  }

  async complete(merchantId: string, key: string, status: number, body: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE gateway.idempotency_records
       SET status = 'completed', response_status = $3, response_body = $4::jsonb, completed_at = now()
       WHERE merchant_id = $1 AND key = $2`,
      [merchantId, key, status, JSON.stringify(body)],
    );
  }

  /**
   * A failed request frees its key so the merchant can retry. This is safe for money: the key also
   * travels to stk-service, which never sends a second prompt for the same key.
   */
  async abandon(merchantId: string, key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM gateway.idempotency_records WHERE merchant_id = $1 AND key = $2 AND status = 'in_progress'`, [merchantId, key]);
  }
}
