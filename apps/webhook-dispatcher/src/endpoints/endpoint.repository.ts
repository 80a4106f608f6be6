import { returnedRows } from '@lipa/platform';
import { Injectable } from '@nestjs/common';
import type { ApiMode, WebhookEndpointView, WebhookEventType } from '@lipa/contracts';
import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';

export type EndpointDisabledReason = 'merchant' | 'gone' | 'failing';

/** A row of webhooks.endpoints, as Postgres returns it. */
export interface EndpointRow {
  id: string;
  merchant_id: string;
  mode: ApiMode;
  url: string;
  events: WebhookEventType[];
  description: string | null;
  secret_encrypted: string;
  previous_secret_encrypted: string | null;
  previous_secret_expires_at: Date | null;
  status: 'enabled' | 'disabled';
  disabled_reason: EndpointDisabledReason | null;
  disabled_at: Date | null;
  failing_since: Date | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

/** What a merchant may change; absent fields stay as they are. */
export interface EndpointChanges {
  url?: string;
  events?: WebhookEventType[];
  description?: string | null;
  enabled?: boolean;
}

export function newEndpointId(): string {
  return `we_${randomBytes(12).toString('hex')}`;
}

function iso(value: Date | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

/** The merchant's view: never a secret. A lapsed overlap shows as null. */
export function toEndpointView(row: EndpointRow, now = new Date()): WebhookEndpointView {
  const previousExpires = row.previous_secret_expires_at === null ? null : new Date(row.previous_secret_expires_at);
  return {
    id: row.id,
    mode: row.mode,
    url: row.url,
    events: row.events,
    description: row.description,
    status: row.status,
    disabled_reason: row.disabled_reason,
    disabled_at: iso(row.disabled_at),
    failing_since: iso(row.failing_since),
    previous_secret_expires_at: previousExpires !== null && previousExpires > now ? previousExpires.toISOString() : null,
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
  };
}

/** In an UPDATE's SET: the row (as locked) has been failing longer than $2 ms. */
const EXPIRED = `failing_since IS NOT NULL AND now() - failing_since > make_interval(secs => $2::double precision / 1000)`;

/** webhooks.endpoints; every read a merchant can trigger is scoped by merchant_id and mode. */
@Injectable()
export class EndpointRepository {
  /**
   * Inserts the endpoint unless the merchant already has `maxPerMerchant` not-deleted endpoints (both
   * modes together); null then. A transaction-scoped advisory lock on the merchant makes the count
   * and the insert one step, so concurrent creates cannot pass the limit together.
   */
  async insertWithinLimit(
    tx: EntityManager,
    row: Pick<EndpointRow, 'id' | 'merchant_id' | 'mode' | 'url' | 'events' | 'description' | 'secret_encrypted'>,
    maxPerMerchant: number,
  ): Promise<EndpointRow | null> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('webhooks.endpoints:' || $1, 0))`, [row.merchant_id]);
    const rows: EndpointRow[] = await tx.query(
      `INSERT INTO webhooks.endpoints (id, merchant_id, mode, url, events, description, secret_encrypted)
       SELECT $1, $2, $3, $4, $5, $6, $7
        WHERE (SELECT count(*) FROM webhooks.endpoints WHERE merchant_id = $2 AND deleted_at IS NULL) < $8
       RETURNING *`,
      [row.id, row.merchant_id, row.mode, row.url, row.events, row.description, row.secret_encrypted, maxPerMerchant],
    );
    return rows[0] ?? null;
  }

  /** One page of the merchant's endpoints of `mode`, newest first, with the true total. */
  async pageForMerchant(
    db: EntityManager,
    merchantId: string,
    mode: ApiMode,
    page: { offset: number; limit: number },
  ): Promise<{ rows: EndpointRow[]; total: number }> {
    const total: { n: number }[] = await db.query(
      `SELECT count(*)::int AS n FROM webhooks.endpoints WHERE merchant_id = $1 AND mode = $2 AND deleted_at IS NULL`,
      [merchantId, mode],
    );
    const rows: EndpointRow[] = await db.query(
      `SELECT * FROM webhooks.endpoints WHERE merchant_id = $1 AND mode = $2 AND deleted_at IS NULL
        ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4`,
      [merchantId, mode, page.limit, page.offset],
    );
    return { rows, total: total[0].n };
  }

  /** The merchant's not-deleted endpoint of `mode`; null for another merchant's, the other mode's or a deleted one. */
  async findForMerchant(db: EntityManager, merchantId: string, mode: ApiMode, endpointId: string): Promise<EndpointRow | null> {
    const rows: EndpointRow[] = await db.query(`SELECT * FROM webhooks.endpoints WHERE id = $1 AND merchant_id = $2 AND mode = $3 AND deleted_at IS NULL`, [
      endpointId,
      merchantId,
      mode,
    ]);
    return rows[0] ?? null;
  }

  /**
   * Applies the merchant's changes; null when there is no such endpoint (of this merchant and mode).
   * `enabled: false` disables it (reason `merchant`) unless it is already disabled (then the reason
   * stays); `enabled: true` enables it and clears the failure clock and the disabled fields.
   */
  async update(db: EntityManager, merchantId: string, mode: ApiMode, endpointId: string, changes: EndpointChanges): Promise<EndpointRow | null> {
    const rows = returnedRows<EndpointRow>(
      await db.query(
        `UPDATE webhooks.endpoints
            SET url = CASE WHEN $4::boolean THEN $5 ELSE url END,
                events = CASE WHEN $6::boolean THEN $7::text[] ELSE events END,
                description = CASE WHEN $8::boolean THEN $9 ELSE description END,
                status = CASE WHEN $10::boolean IS NULL THEN status WHEN $10 THEN 'enabled' ELSE 'disabled' END,
                disabled_reason = CASE WHEN $10::boolean IS NULL THEN disabled_reason
                                       WHEN $10 THEN NULL
                                       WHEN status = 'disabled' THEN disabled_reason ELSE 'merchant' END,
                disabled_at = CASE WHEN $10::boolean IS NULL THEN disabled_at
                                   WHEN $10 THEN NULL
                                   WHEN status = 'disabled' THEN disabled_at ELSE now() END,
                failing_since = CASE WHEN $10::boolean IS TRUE THEN NULL ELSE failing_since END,
                updated_at = now()
          WHERE id = $1 AND merchant_id = $2 AND mode = $3 AND deleted_at IS NULL
          RETURNING *`,
        [
          endpointId,
          merchantId,
          mode,
          changes.url !== undefined,
          changes.url ?? null,
          changes.events !== undefined,
          changes.events ?? null,
          changes.description !== undefined,
          changes.description ?? null,
          changes.enabled ?? null,
        ],
      ),
    );
    return rows[0] ?? null;
  }

  /**
   * A new secret; the current one becomes the previous and keeps signing for `overlapMs` (a secret
   * rotated again within the overlap drops the oldest). Null when there is no such endpoint.
   */
  async rotateSecret(
    db: EntityManager,
    merchantId: string,
    mode: ApiMode,
    endpointId: string,
    secretEncrypted: string,
    overlapMs: number,
  ): Promise<EndpointRow | null> {
    const rows = returnedRows<EndpointRow>(
      await db.query(
        `UPDATE webhooks.endpoints
            SET previous_secret_encrypted = secret_encrypted,
                previous_secret_expires_at = now() + make_interval(secs => $5::double precision / 1000),
                secret_encrypted = $4,
                updated_at = now()
          WHERE id = $1 AND merchant_id = $2 AND mode = $3 AND deleted_at IS NULL
          RETURNING *`,
        [endpointId, merchantId, mode, secretEncrypted, overlapMs],
      ),
    );
    return rows[0] ?? null;
  }

  /** True when this merchant had such an endpoint (of this mode) and it is now deleted. */
  async softDelete(db: EntityManager, merchantId: string, mode: ApiMode, endpointId: string): Promise<boolean> {
    const rows = returnedRows<{ id: string }>(
      await db.query(
        `UPDATE webhooks.endpoints SET deleted_at = now(), updated_at = now()
          WHERE id = $1 AND merchant_id = $2 AND mode = $3 AND deleted_at IS NULL RETURNING id`,
        [endpointId, merchantId, mode],
      ),
    );
    return rows.length > 0;
  }

  /** Any endpoint, deleted or not: for the delivery engine, never for a merchant's request. */
  async findById(db: EntityManager, endpointId: string): Promise<EndpointRow | null> {
    const rows: EndpointRow[] = await db.query(`SELECT * FROM webhooks.endpoints WHERE id = $1`, [endpointId]);
    return rows[0] ?? null;
  }

  /** Enabled, not deleted endpoints of the merchant and mode subscribed to `eventType` (an empty list means every event). */
  subscribedTo(db: EntityManager, merchantId: string, mode: ApiMode, eventType: string): Promise<EndpointRow[]> {
    return db.query(
      `SELECT * FROM webhooks.endpoints
        WHERE merchant_id = $1 AND mode = $2 AND status = 'enabled' AND deleted_at IS NULL
          AND (cardinality(events) = 0 OR $3 = ANY(events))
        ORDER BY created_at, id`,
      [merchantId, mode, eventType],
    );
  }

  /** A success stops the failure clock. */
  async markSucceeded(db: EntityManager, endpointId: string): Promise<void> {
    await db.query(`UPDATE webhooks.endpoints SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL`, [endpointId]);
  }

  /**
   * Records a failure of an enabled endpoint: the first failure after a success starts the clock; a
   * failure once it has been failing longer than `disableAfterMs` disables it (reason `failing`).
   * `disabled` is true only on the call that disabled it (the row lock of the UPDATE makes that one call).
   */
  async markFailed(db: EntityManager, endpointId: string, disableAfterMs: number): Promise<{ disabled: boolean }> {
    const rows = returnedRows<{ status: 'enabled' | 'disabled' }>(
      await db.query(
        `UPDATE webhooks.endpoints
            SET failing_since = COALESCE(failing_since, now()),
                status = CASE WHEN ${EXPIRED} THEN 'disabled' ELSE status END,
                disabled_reason = CASE WHEN ${EXPIRED} THEN 'failing' ELSE disabled_reason END,
                disabled_at = CASE WHEN ${EXPIRED} THEN now() ELSE disabled_at END,
                updated_at = CASE WHEN ${EXPIRED} THEN now() ELSE updated_at END
          WHERE id = $1 AND status = 'enabled'
          RETURNING status`,
        [endpointId, disableAfterMs],
      ),
    );
    return { disabled: rows[0]?.status === 'disabled' };
  }

  /** Disables an enabled endpoint (a 410 is `gone`); true when it changed state. */
  async disable(db: EntityManager, endpointId: string, reason: 'gone' | 'failing'): Promise<boolean> {
    const rows = returnedRows<{ id: string }>(
      await db.query(
        `UPDATE webhooks.endpoints SET status = 'disabled', disabled_reason = $2, disabled_at = now(), updated_at = now()
          WHERE id = $1 AND status = 'enabled' RETURNING id`,
        [endpointId, reason],
      ),
    );
    return rows.length > 0;
  }
}
