import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface AuditEntry {
  actor_id: string;
  action: string;
  target_type: 'merchant' | 'settings' | 'fee_schedule';
  target_id: string | null;
  before: unknown;
  after: unknown;
  request_id: string | null;
}

export interface AuditRow extends AuditEntry {
  id: string;
  created_at: Date;
}

/** Append-only: written in the transaction of the change it records, never updated. */
@Injectable()
export class AuditLogRepository {
  async append(tx: EntityManager, e: AuditEntry): Promise<void> {
    await tx.query(
      `INSERT INTO gateway.audit_log (actor_id, action, target_type, target_id, before, after, request_id) VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7)`,
      [e.actor_id, e.action, e.target_type, e.target_id, JSON.stringify(e.before ?? null), JSON.stringify(e.after ?? null), e.request_id],
    );
  }

  async list(
    tx: EntityManager,
    filter: { targetId?: string; action?: string },
    page: { offset: number; limit: number },
  ): Promise<{ rows: AuditRow[]; total: number }> {
    const params = [filter.targetId ?? null, filter.action ?? null];
    const where = `WHERE ($1::text IS NULL OR target_id = $1) AND ($2::text IS NULL OR action = $2)`;
    const total: { n: number }[] = await tx.query(`SELECT count(*)::int AS n FROM gateway.audit_log ${where}`, params);
    const rows: AuditRow[] = await tx.query(`SELECT * FROM gateway.audit_log ${where} ORDER BY id DESC LIMIT $3 OFFSET $4`, [
      ...params,
      page.limit,
      page.offset,
    ]);
    return { rows, total: total[0].n };
  }
}
