import { returnedRows } from '@lipa/platform';
import { Injectable } from '@nestjs/common';
import type { ApiMode, WebhookAttemptView, WebhookDeliveryDestination, WebhookDeliveryStatus, WebhookDeliveryView } from '@lipa/contracts';
import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';

export type DeliveryStatus = WebhookDeliveryStatus;
export type DeferralReason = 'ordering' | 'concurrency' | 'breaker';

/** webhooks.deliveries: one per destination (an endpoint XOR a callback URL) and event. */
export interface DeliveryRow {
  id: string;
  endpoint_id: string | null;
  callback_url: string | null;
  merchant_id: string;
  mode: ApiMode;
  event_id: string;
  event_type: string;
  /** The exact bytes every attempt signs and sends. */
  body: string;
  ordering_key: string | null;
  event_created_at: Date;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Date;
  command_seq: number;
  schedule_offset: number;
  deferrals: number;
  deferred_reason: DeferralReason | null;
}

export type NewDelivery = Pick<
  DeliveryRow,
  'id' | 'endpoint_id' | 'callback_url' | 'merchant_id' | 'mode' | 'event_id' | 'event_type' | 'body' | 'ordering_key' | 'event_created_at'
>;

/** A delivery about to be attempted, with the earliest still-pending delivery of the same transaction to the same destination, if any. */
export interface DeliveryToAttempt extends DeliveryRow {
  blocker_id: string | null;
  blocker_next_attempt_at: Date | null;
}

export interface AttemptRow {
  delivery_id: string;
  attempt: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  response_excerpt: string | null;
  created_at: Date;
}

/** What one attempt changes on its delivery. */
export type AttemptOutcome = { status: 'delivered' } | { status: 'pending'; nextAttemptAt: Date } | { status: 'failed' };

export interface DeliveryFilters {
  status?: DeliveryStatus;
  eventType?: string;
  from?: Date;
  to?: Date;
}

/** A delivery and the command number its next attempt command must carry. */
export interface QueuedDelivery {
  id: string;
  command_seq: number;
  merchant_id: string;
  endpoint_id: string | null;
  callback_url: string | null;
}

export function newDeliveryId(): string {
  return `wd_${randomBytes(12).toString('hex')}`;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function toAttemptView(row: AttemptRow): WebhookAttemptView {
  return {
    attempt: row.attempt,
    attempted_at: new Date(row.created_at).toISOString(),
    status_code: row.status_code,
    duration_ms: row.duration_ms,
    error: row.error,
    response_excerpt: row.response_excerpt,
  };
}

export function toDeliveryView(row: DeliveryRow, attempts: AttemptRow[]): WebhookDeliveryView {
  return {
    id: row.id,
    endpoint_id: row.endpoint_id,
    callback_url: row.callback_url,
    mode: row.mode,
    event_id: row.event_id,
    event_type: row.event_type,
    status: row.status,
    attempts: row.attempts,
    last_status_code: row.last_status_code,
    last_error: row.last_error,
    next_attempt_at: iso(row.next_attempt_at),
    delivered_at: iso(row.delivered_at),
    created_at: new Date(row.created_at).toISOString(),
    attempt_log: attempts.map(toAttemptView),
  };
}

/** Same transaction (ordering key) and same destination as the delivery `d` (SQL over aliases). */
const SAME_LINE = (other: string, d: string) =>
  `${other}.ordering_key = ${d}.ordering_key AND ${other}.endpoint_id IS NOT DISTINCT FROM ${d}.endpoint_id AND ${other}.callback_url IS NOT DISTINCT FROM ${d}.callback_url`;

/** webhooks.deliveries and webhooks.attempts. */
@Injectable()
export class DeliveryRepository {
  /** One delivery per destination and event: returns it only when it is new (a redelivered event adds nothing). */
  async insertIfNew(db: EntityManager, row: NewDelivery): Promise<QueuedDelivery | null> {
    const rows: QueuedDelivery[] = await db.query(
      `INSERT INTO webhooks.deliveries
         (id, endpoint_id, callback_url, merchant_id, mode, event_id, event_type, body, ordering_key, event_created_at, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())
       ON CONFLICT DO NOTHING
       RETURNING id, command_seq, merchant_id, endpoint_id, callback_url`,
      [row.id, row.endpoint_id, row.callback_url, row.merchant_id, row.mode, row.event_id, row.event_type, row.body, row.ordering_key, row.event_created_at],
    );
    return rows[0] ?? null;
  }

  async findById(db: EntityManager, id: string): Promise<DeliveryRow | null> {
    const rows: DeliveryRow[] = await db.query(`SELECT * FROM webhooks.deliveries WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** The delivery and (one query) whether an earlier delivery of its transaction to the same destination is still pending. */
  async findForAttempt(db: EntityManager, id: string): Promise<DeliveryToAttempt | null> {
    const rows: DeliveryToAttempt[] = await db.query(
      `SELECT d.*, b.id AS blocker_id, b.next_attempt_at AS blocker_next_attempt_at
         FROM webhooks.deliveries d
         LEFT JOIN LATERAL (
           SELECT e.id, e.next_attempt_at FROM webhooks.deliveries e
            WHERE d.ordering_key IS NOT NULL AND e.status = 'pending' AND ${SAME_LINE('e', 'd')}
              AND (e.event_created_at, e.created_at, e.id) < (d.event_created_at, d.created_at, d.id)
            ORDER BY e.event_created_at, e.created_at, e.id
            LIMIT 1
         ) b ON true
        WHERE d.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * Puts an attempt off without making it: the next command (returned number) comes after the delay.
   * Null when the command is no longer the live one (replayed, finished, duplicated meanwhile).
   */
  async defer(db: EntityManager, id: string, commandSeq: number, reason: DeferralReason, delayMs: number): Promise<QueuedDelivery | null> {
    const rows = returnedRows<QueuedDelivery>(
      await db.query(
        `UPDATE webhooks.deliveries
            SET command_seq = command_seq + 1, deferrals = deferrals + 1, deferred_reason = $3,
                next_attempt_at = now() + make_interval(secs => $4::double precision / 1000)
          WHERE id = $1 AND command_seq = $2 AND status = 'pending'
          RETURNING id, command_seq, merchant_id, endpoint_id, callback_url`,
        [id, commandSeq, reason, delayMs],
      ),
    );
    return rows[0] ?? null;
  }

  /**
   * Numbers an attempt that was made (the row lock orders concurrent ones, so numbers never repeat),
   * logs it under that number, and says whether `commandSeq` still owns the delivery, i.e. may decide
   * what happens next: one statement (the delivery's UPDATE, the attempt's INSERT from what it returns).
   */
  async claimAndRecordAttempt(
    db: EntityManager,
    commandSeq: number,
    a: {
      deliveryId: string;
      attemptedAt: Date;
      statusCode: number | null;
      error: string | null;
      durationMs: number;
      responseExcerpt: string | null;
    },
  ): Promise<{ attempt: number; owns: boolean; scheduleOffset: number } | null> {
    const rows = returnedRows<{ attempts: number; owns: boolean; schedule_offset: number }>(
      await db.query(
        `WITH claim AS (
           UPDATE webhooks.deliveries
              SET attempts = attempts + 1,
                  deferrals = CASE WHEN command_seq = $2 THEN 0 ELSE deferrals END,
                  deferred_reason = CASE WHEN command_seq = $2 THEN NULL ELSE deferred_reason END
            WHERE id = $1
            RETURNING id, attempts, (command_seq = $2 AND status = 'pending') AS owns, schedule_offset
         ), logged AS (
           INSERT INTO webhooks.attempts (delivery_id, attempt, created_at, status_code, error, duration_ms, response_excerpt)
           SELECT id, attempts, $3::timestamptz, $4::integer, $5::text, $6::integer, $7::text FROM claim
         )
         SELECT attempts, owns, schedule_offset FROM claim`,
        [a.deliveryId, commandSeq, a.attemptedAt, a.statusCode, a.error, a.durationMs, a.responseExcerpt],
      ),
    );
    const row = rows[0];
    return row ? { attempt: row.attempts, owns: row.owns, scheduleOffset: row.schedule_offset } : null;
  }

  /** Returns the command number of the next attempt when the outcome is a retry. */
  async applyOutcome(
    db: EntityManager,
    id: string,
    outcome: AttemptOutcome,
    last: { statusCode: number | null; error: string | null },
  ): Promise<QueuedDelivery | null> {
    const rows = returnedRows<QueuedDelivery>(
      await db.query(
        `UPDATE webhooks.deliveries
            SET status = $2,
                next_attempt_at = $3,
                delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE delivered_at END,
                command_seq = CASE WHEN $2 = 'pending' THEN command_seq + 1 ELSE command_seq END,
                last_status_code = $4,
                last_error = $5
          WHERE id = $1
          RETURNING id, command_seq, merchant_id, endpoint_id, callback_url`,
        [id, outcome.status, outcome.status === 'pending' ? outcome.nextAttemptAt : null, last.statusCode, last.error],
      ),
    );
    return rows[0] ?? null;
  }

  /** Ends a delivery without an attempt (its endpoint was deleted or disabled meanwhile). */
  async abandon(db: EntityManager, id: string, reason: string): Promise<boolean> {
    const rows = returnedRows(
      await db.query(
        `UPDATE webhooks.deliveries SET status = 'failed', next_attempt_at = NULL, last_error = $2, deferred_reason = NULL
          WHERE id = $1 AND status = 'pending' RETURNING id`,
        [id, reason],
      ),
    );
    return rows.length > 0;
  }

  /**
   * Every pending delivery of the endpoint ends `failed` with `reason`, without an attempt; returns
   * how many. Deliveries whose attempt is being recorded right now (row locked) are skipped, not
   * waited for (that would deadlock against their endpoint update): their next attempt finds the
   * endpoint disabled and ends them the same way.
   */
  async abandonPendingOfEndpoint(db: EntityManager, endpointId: string, reason: string): Promise<number> {
    const rows = returnedRows(
      await db.query(
        `UPDATE webhooks.deliveries SET status = 'failed', next_attempt_at = NULL, last_error = $2, deferred_reason = NULL
          WHERE id IN (SELECT id FROM webhooks.deliveries WHERE endpoint_id = $1 AND status = 'pending' FOR UPDATE SKIP LOCKED)
          RETURNING id`,
        [endpointId, reason],
      ),
    );
    return rows.length;
  }

  /**
   * After `ended` stopped being pending: the earliest delivery of the same transaction to the same
   * destination that was deferred for its sake goes now (a new command number), not at its deferral's end.
   */
  async resumeNextInLine(db: EntityManager, ended: Pick<DeliveryRow, 'id'>): Promise<QueuedDelivery | null> {
    const rows = returnedRows<QueuedDelivery>(
      await db.query(
        `UPDATE webhooks.deliveries
            SET command_seq = command_seq + 1, deferred_reason = NULL, deferrals = 0, next_attempt_at = now()
          WHERE id = (
            SELECT s.id FROM webhooks.deliveries s, webhooks.deliveries d
             WHERE d.id = $1 AND d.ordering_key IS NOT NULL AND s.id <> d.id
               AND s.status = 'pending' AND s.deferred_reason = 'ordering' AND ${SAME_LINE('s', 'd')}
             ORDER BY s.event_created_at, s.created_at, s.id
             LIMIT 1
             FOR UPDATE OF s SKIP LOCKED)
          RETURNING id, command_seq, merchant_id, endpoint_id, callback_url`,
        [ended.id],
      ),
    );
    return rows[0] ?? null;
  }

  /** One page of an endpoint's deliveries, newest first, with the true total. */
  async pageForEndpoint(
    db: EntityManager,
    endpointId: string,
    filters: DeliveryFilters,
    page: { offset: number; limit: number },
  ): Promise<{ rows: DeliveryRow[]; total: number }> {
    return this.page(db, ['endpoint_id = ?'], [endpointId], filters, page);
  }

  /** The attempts of these deliveries, oldest first. */
  async attemptsOf(db: EntityManager, deliveryIds: string[]): Promise<AttemptRow[]> {
    if (deliveryIds.length === 0) return [];
    return db.query(
      `SELECT delivery_id, attempt, status_code, error, duration_ms, response_excerpt, created_at
         FROM webhooks.attempts WHERE delivery_id = ANY($1) ORDER BY delivery_id, attempt, id`,
      [deliveryIds],
    );
  }

  /** The merchant's delivery of that mode, or null (another merchant's or mode's is not found either). */
  async findForMerchant(db: EntityManager, merchantId: string, mode: ApiMode, id: string): Promise<DeliveryRow | null> {
    const rows: DeliveryRow[] = await db.query(`SELECT * FROM webhooks.deliveries WHERE id = $1 AND merchant_id = $2 AND mode = $3`, [id, merchantId, mode]);
    return rows[0] ?? null;
  }

  /** Pending again with the whole retry schedule ahead (counted from now), whatever its status; the returned number is its next command's. */
  async replay(db: EntityManager, id: string): Promise<DeliveryRow | null> {
    const rows = returnedRows<DeliveryRow>(
      await db.query(
        `UPDATE webhooks.deliveries
            SET status = 'pending', next_attempt_at = now(), delivered_at = NULL, command_seq = command_seq + 1,
                schedule_offset = attempts, deferrals = 0, deferred_reason = NULL
          WHERE id = $1
          RETURNING *`,
        [id],
      ),
    );
    return rows[0] ?? null;
  }

  /** replay() for every delivery of the endpoint that ended `failed` and was created at or after `since`. */
  async replayFailedOfEndpoint(db: EntityManager, endpointId: string, since: Date): Promise<QueuedDelivery[]> {
    return returnedRows<QueuedDelivery>(
      await db.query(
        `UPDATE webhooks.deliveries
            SET status = 'pending', next_attempt_at = now(), command_seq = command_seq + 1,
                schedule_offset = attempts, deferrals = 0, deferred_reason = NULL
          WHERE endpoint_id = $1 AND status = 'failed' AND created_at >= $2
          RETURNING id, command_seq, merchant_id, endpoint_id, callback_url`,
        [endpointId, since],
      ),
    );
  }

  /**
   * One page of every delivery of the merchant in the mode (to its endpoints and to callback URLs),
   * newest first, with the true total. The merchant and mode lead the WHERE clause, so both queries
   * walk deliveries_merchant_created_idx (merchant_id, mode, created_at DESC).
   */
  async pageForMerchant(
    db: EntityManager,
    merchantId: string,
    mode: ApiMode,
    filters: MerchantDeliveryFilters,
    page: { offset: number; limit: number },
  ): Promise<{ rows: DeliveryRow[]; total: number }> {
    const where = ['merchant_id = ?', 'mode = ?'];
    const params: unknown[] = [merchantId, mode];
    if (filters.endpointId) {
      where.push('endpoint_id = ?');
      params.push(filters.endpointId);
    }
    if (filters.destination === 'endpoint') where.push('endpoint_id IS NOT NULL');
    if (filters.destination === 'callback_url') where.push('callback_url IS NOT NULL');
    return this.page(db, where, params, filters, page);
  }

  /**
   * One page newest first with the true total: `where` holds the conditions with `?` for each of
   * `params` in order, then the common filters (status, type, time) are added.
   */
  private async page(
    db: EntityManager,
    where: string[],
    params: unknown[],
    filters: DeliveryFilters,
    page: { offset: number; limit: number },
  ): Promise<{ rows: DeliveryRow[]; total: number }> {
    const conditions = [...where];
    const values = [...params];
    const add = (sql: string, value: unknown) => {
      conditions.push(sql);
      values.push(value);
    };
    if (filters.status) add('status = ?', filters.status);
    if (filters.eventType) add('event_type = ?', filters.eventType);
    if (filters.from) add('created_at >= ?', filters.from);
    // Views show milliseconds, Postgres keeps microseconds: `to` a delivery's shown created_at includes it.
    if (filters.to) add("created_at < ?::timestamptz + interval '1 millisecond'", filters.to);
    let n = 0;
    const clause = conditions.join(' AND ').replace(/\?/g, () => `$${++n}`);
    const total: { n: number }[] = await db.query(`SELECT count(*)::int AS n FROM webhooks.deliveries WHERE ${clause}`, values);
    const rows: DeliveryRow[] = await db.query(
      `SELECT * FROM webhooks.deliveries WHERE ${clause} ORDER BY created_at DESC, id DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...values, Math.min(Math.max(page.limit, 1), 100), page.offset],
    );
    return { rows, total: total[0].n };
  }
}

/** The filters of the merchant-wide log: those of an endpoint's, plus one endpoint or one kind of destination. */
export interface MerchantDeliveryFilters extends DeliveryFilters {
  endpointId?: string;
  destination?: WebhookDeliveryDestination;
}
