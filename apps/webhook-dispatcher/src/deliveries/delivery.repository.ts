import { returnedRows } from '@lipa/platform';
import { Injectable } from '@nestjs/common';
import type { WebhookDeliveryView } from '@lipa/contracts';
import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { WebhookBody } from './webhook-payload';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  payload: WebhookBody;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Date;
}

/** What one attempt changes on its delivery. */
export type AttemptOutcome = { status: 'delivered' } | { status: 'pending'; nextAttemptAt: Date } | { status: 'failed' };

export function newDeliveryId(): string {
  return `wd_${randomBytes(12).toString('hex')}`;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function toDeliveryView(row: DeliveryRow): WebhookDeliveryView {
  return {
    id: row.id,
    endpoint_id: row.endpoint_id,
    event_id: row.event_id,
    event_type: row.event_type,
    status: row.status,
    attempts: row.attempts,
    last_status_code: row.last_status_code,
    last_error: row.last_error,
    next_attempt_at: iso(row.next_attempt_at),
    delivered_at: iso(row.delivered_at),
    created_at: new Date(row.created_at).toISOString(),
  };
}

/** webhooks.deliveries and webhooks.attempts. */
@Injectable()
export class DeliveryRepository {
  /** One delivery per endpoint and event: returns the row only when it is new (a redelivered event adds nothing). */
  async insertIfNew(db: EntityManager, row: Pick<DeliveryRow, 'id' | 'endpoint_id' | 'event_id' | 'event_type' | 'payload'>): Promise<string | null> {
    const rows: { id: string }[] = await db.query(
      `INSERT INTO webhooks.deliveries (id, endpoint_id, event_id, event_type, payload, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, now())
       ON CONFLICT (endpoint_id, event_id) DO NOTHING
       RETURNING id`,
      [row.id, row.endpoint_id, row.event_id, row.event_type, JSON.stringify(row.payload)],
    );
    return rows[0]?.id ?? null;
  }

  async findById(db: EntityManager, id: string): Promise<DeliveryRow | null> {
    const rows: DeliveryRow[] = await db.query(`SELECT * FROM webhooks.deliveries WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** One page, newest first, with the true total. */
  async pageForEndpoint(db: EntityManager, endpointId: string, page: { offset: number; limit: number }): Promise<{ rows: DeliveryRow[]; total: number }> {
    const total: { n: number }[] = await db.query(`SELECT count(*)::int AS n FROM webhooks.deliveries WHERE endpoint_id = $1`, [endpointId]);
    const rows: DeliveryRow[] = await db.query(
      `SELECT * FROM webhooks.deliveries WHERE endpoint_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
      [endpointId, Math.min(Math.max(page.limit, 1), 100), page.offset],
    );
    return { rows, total: total[0].n };
  }

  /**
   * Claims the next attempt number; null when the delivery is no longer pending (finished by a
   * concurrent attempt). The row lock orders concurrent attempts, so numbers never repeat.
   */
  async claimAttemptNumber(db: EntityManager, id: string): Promise<number | null> {
    const rows = returnedRows<{ attempts: number }>(
      await db.query(`UPDATE webhooks.deliveries SET attempts = attempts + 1 WHERE id = $1 AND status = 'pending' RETURNING attempts`, [id]),
    );
    return rows[0]?.attempts ?? null;
  }

  async recordAttempt(
    db: EntityManager,
    attempt: { deliveryId: string; attempt: number; statusCode: number | null; error: string | null; durationMs: number },
  ): Promise<void> {
    await db.query(`INSERT INTO webhooks.attempts (delivery_id, attempt, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5)`, [
      attempt.deliveryId,
      attempt.attempt,
      attempt.statusCode,
      attempt.error,
      attempt.durationMs,
    ]);
  }

  async applyOutcome(db: EntityManager, id: string, outcome: AttemptOutcome, last: { statusCode: number | null; error: string | null }): Promise<void> {
    await db.query(
      `UPDATE webhooks.deliveries
          SET status = $2,
              next_attempt_at = $3,
              delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE delivered_at END,
              last_status_code = $4,
              last_error = $5
        WHERE id = $1`,
      [id, outcome.status, outcome.status === 'pending' ? outcome.nextAttemptAt : null, last.statusCode, last.error],
    );
  }

  /** Ends a delivery without an attempt (its endpoint was deleted or disabled meanwhile). */
  async abandon(db: EntityManager, id: string, reason: string): Promise<void> {
    await db.query(`UPDATE webhooks.deliveries SET status = 'failed', next_attempt_at = NULL, last_error = $2 WHERE id = $1 AND status = 'pending'`, [
      id,
      reason,
    ]);
  }
}
