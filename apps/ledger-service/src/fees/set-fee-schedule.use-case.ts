import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { SetFeeScheduleResult, SetFeeScheduleV1 } from '@lipa/contracts';
import { DEFAULT_FEE_SCHEDULES, FeeScheduleJson, feeScheduleToJson, parseFeeSchedule } from '@lipa/money';
import { FeeScheduleRepository, FeeScope } from './fee-schedule.repository';
import { InvalidFeeScheduleError } from './fee.errors';

/** jsonb keeps its own key order; written back through feeScheduleToJson the two sides compare. */
function canonical(json: FeeScheduleJson): FeeScheduleJson {
  const parsed = parseFeeSchedule(json);
  return parsed.ok ? feeScheduleToJson(parsed.schedule) : json;
}

/**
 * Sets or removes one schedule in the caller's transaction and says what it was before and after,
 * for the gateway's audit log. The row is locked first, so two admins setting the same schedule at
 * once each see the other's as their "before".
 */
@Injectable()
export class SetFeeSchedule {
  constructor(private readonly repository: FeeScheduleRepository) {}

  async execute(tx: EntityManager, command: SetFeeScheduleV1): Promise<SetFeeScheduleResult> {
    const type = command.transaction_type;
    const scope: FeeScope = command.scope === 'platform' ? { scope: 'platform' } : { scope: 'merchant', merchantId: command.merchant_id ?? '' };
    let after: FeeScheduleJson | null = null;
    if (command.schedule !== null) {
      const parsed = parseFeeSchedule(command.schedule);
      if (!parsed.ok)
        throw new InvalidFeeScheduleError(
          `The ${type} fee schedule is invalid: ${parsed.problems.map((p) => `${p.path || 'schedule'}: ${p.message}`).join('; ')}`,
          {
            problems: parsed.problems,
          },
        );
      after = feeScheduleToJson(parsed.schedule);
    }
    const stored = await this.repository.lockOne(tx, scope, type);
    // A platform default nobody set is the shipped one; that is what "before" was.
    const shipped = feeScheduleToJson(DEFAULT_FEE_SCHEDULES[type]);
    const before = stored ? canonical(stored) : scope.scope === 'platform' ? shipped : null;
    if (after === null) await this.repository.remove(tx, scope, type);
    else await this.repository.upsert(tx, scope, type, after);
    const now = after ?? (scope.scope === 'platform' ? shipped : null);
    return {
      scope: scope.scope,
      merchant_id: scope.scope === 'merchant' ? scope.merchantId : null,
      transaction_type: type,
      before,
      after: now,
      changed: JSON.stringify(before) !== JSON.stringify(now),
    };
  }
}
