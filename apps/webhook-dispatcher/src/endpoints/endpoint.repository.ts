import { returnedRows } from '@lipa/platform';
import { Injectable } from '@nestjs/common';
import type { WebhookEndpointView, WebhookEventType } from '@lipa/contracts';
import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';

export interface EndpointRow {
  id: string;
  merchant_id: string;
  url: string;
  events: WebhookEventType[];
  description: string | null;
  secret_encrypted: string;
  status: 'enabled' | 'disabled';
  failing_since: Date | null;
  created_at: Date;
  deleted_at: Date | null;
}

export function newEndpointId(): string {
  return `we_${randomBytes(12).toString('hex')}`;
}

export function toEndpointView(row: EndpointRow): WebhookEndpointView {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    description: row.description,
    status: row.status,
    created_at: new Date(row.created_at).toISOString(),
  };
}

/** webhooks.endpoints; every read a merchant can trigger is scoped by merchant_id. */
@Injectable()
export class EndpointRepository {
  async insert(db: EntityManager, row: Pick<EndpointRow, 'id' | 'merchant_id' | 'url' | 'events' | 'description' | 'secret_encrypted'>): Promise<EndpointRow> {
    const rows: EndpointRow[] = await db.query(
      `INSERT INTO webhooks.endpoints (id, merchant_id, url, events, description, secret_encrypted)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [row.id, row.merchant_id, row.url, row.events, row.description, row.secret_encrypted],
    );
    return rows[0];
  }

  /** One page, newest first, with the true total. */
  async pageForMerchant(db: EntityManager, merchantId: string, page: { offset: number; limit: number }): Promise<{ rows: EndpointRow[]; total: number }> {
    const total: { n: number }[] = await db.query(`SELECT count(*)::int AS n FROM webhooks.endpoints WHERE merchant_id = $1 AND deleted_at IS NULL`, [
      merchantId,
    ]);
    const rows: EndpointRow[] = await db.query(
      `SELECT * FROM webhooks.endpoints WHERE merchant_id = $1 AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
      [merchantId, page.limit, page.offset],
    );
    return { rows, total: total[0].n };
  }

  async findForMerchant(db: EntityManager, merchantId: string, endpointId: string): Promise<EndpointRow | null> {
    const rows: EndpointRow[] = await db.query(`SELECT * FROM webhooks.endpoints WHERE id = $1 AND merchant_id = $2 AND deleted_at IS NULL`, [
      endpointId,
      merchantId,
    ]);
    return rows[0] ?? null;
  }

  /** True when this merchant had such an endpoint and it is now deleted. */
  async softDelete(db: EntityManager, merchantId: string, endpointId: string): Promise<boolean> {
    const rows = returnedRows<{ id: string }>(
      await db.query(`UPDATE webhooks.endpoints SET deleted_at = now() WHERE id = $1 AND merchant_id = $2 AND deleted_at IS NULL RETURNING id`, [
        endpointId,
        merchantId,
      ]),
    );
    return rows.length > 0;
  }

  async findById(db: EntityManager, endpointId: string): Promise<EndpointRow | null> {
    const rows: EndpointRow[] = await db.query(`SELECT * FROM webhooks.endpoints WHERE id = $1`, [endpointId]);
    return rows[0] ?? null;
  }

  /** Enabled, not deleted, and subscribed to `eventType` (an empty list means every event). */
  subscribedTo(db: EntityManager, merchantId: string, eventType: string): Promise<EndpointRow[]> {
    return db.query(
      `SELECT * FROM webhooks.endpoints
        WHERE merchant_id = $1 AND status = 'enabled' AND deleted_at IS NULL
          AND (cardinality(events) = 0 OR $2 = ANY(events))`,
      [merchantId, eventType],
    );
  }

  async markSucceeded(db: EntityManager, endpointId: string): Promise<void> {
    await db.query(`UPDATE webhooks.endpoints SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL`, [endpointId]);
  }

  /**
   * Records a failure: the first failure after a success starts the clock; once the endpoint has been
   * failing for longer than `disableAfterMs` it is disabled. Returns the endpoint's status afterwards.
   */
  async markFailed(db: EntityManager, endpointId: string, disableAfterMs: number): Promise<'enabled' | 'disabled'> {
    const rows = returnedRows<{ status: 'enabled' | 'disabled' }>(
      await db.query(
        `UPDATE webhooks.endpoints
          SET failing_since = COALESCE(failing_since, now()),
              status = CASE WHEN failing_since IS NOT NULL AND now() - failing_since > make_interval(secs => $2::double precision / 1000)
                            THEN 'disabled' ELSE status END
        WHERE id = $1
        RETURNING status`,
        [endpointId, disableAfterMs],
      ),
    );
    return rows[0]?.status ?? 'disabled';
  }
}
