import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { FeeScheduleJson, TransactionType } from '@lipa/money';

export type FeeScope = { scope: 'platform' } | { scope: 'merchant'; merchantId: string };

interface FeeScheduleRow {
  scope: 'platform' | 'merchant';
  transaction_type: TransactionType;
  schedule: FeeScheduleJson;
}

const merchantIdOf = (scope: FeeScope) => (scope.scope === 'merchant' ? scope.merchantId : '');

/** ledger.fee_schedules: the stored JSON, as written; parsing is the caller's (FeeSchedules). */
@Injectable()
export class FeeScheduleRepository {
  /** The platform's rows and, with a merchant, that merchant's. */
  async list(
    tx: EntityManager,
    merchantId?: string,
  ): Promise<{ platform: Map<TransactionType, FeeScheduleJson>; merchant: Map<TransactionType, FeeScheduleJson> }> {
    const rows: FeeScheduleRow[] = await tx.query(
      `SELECT scope, transaction_type, schedule FROM ledger.fee_schedules
        WHERE scope = 'platform' OR (scope = 'merchant' AND merchant_id = $1)`,
      [merchantId ?? ''],
    );
    const platform = new Map<TransactionType, FeeScheduleJson>();
    const merchant = new Map<TransactionType, FeeScheduleJson>();
    for (const row of rows) (row.scope === 'platform' ? platform : merchant).set(row.transaction_type, row.schedule);
    return { platform, merchant };
  }

  /** Locks the row (when there is one) so concurrent sets of the same schedule record before/after in order. */
  async lockOne(tx: EntityManager, scope: FeeScope, type: TransactionType): Promise<FeeScheduleJson | null> {
    const rows: { schedule: FeeScheduleJson }[] = await tx.query(
      `SELECT schedule FROM ledger.fee_schedules WHERE scope = $1 AND merchant_id = $2 AND transaction_type = $3 FOR UPDATE`,
      [scope.scope, merchantIdOf(scope), type],
    );
    return rows[0]?.schedule ?? null;
  }

  async upsert(tx: EntityManager, scope: FeeScope, type: TransactionType, schedule: FeeScheduleJson): Promise<void> {
    await tx.query(
      `INSERT INTO ledger.fee_schedules (scope, merchant_id, transaction_type, schedule) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (scope, merchant_id, transaction_type) DO UPDATE SET schedule = EXCLUDED.schedule, updated_at = now()`,
      [scope.scope, merchantIdOf(scope), type, JSON.stringify(schedule)],
    );
  }

  async remove(tx: EntityManager, scope: FeeScope, type: TransactionType): Promise<void> {
    await tx.query(`DELETE FROM ledger.fee_schedules WHERE scope = $1 AND merchant_id = $2 AND transaction_type = $3`, [
      scope.scope,
      merchantIdOf(scope),
      type,
    ]);
  }
}
