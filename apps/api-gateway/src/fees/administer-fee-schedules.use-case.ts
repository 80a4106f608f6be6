import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FeeSchedulesView, GetFeeSchedulesV1, LEDGER_SERVICE, SetFeeScheduleResult, SetFeeScheduleV1 } from '@lipa/contracts';
import { TRANSACTION_TYPES, TransactionType, isTransactionType, parseFeeSchedule } from '@lipa/money';
import { CodedError, NotFoundError, RequestValidationError } from '@lipa/platform';
import type { Actor } from '../admin/administer-merchants.use-case';
import { AuditLogRepository } from '../admin/audit-log.repository';
import { MerchantsRepository } from '../merchants/merchants.repository';
import { UpstreamClient } from '../upstream/upstream.client';

/** The `{type}` of a route, or 400 naming the types there are. */
export function transactionTypeOf(value: string): TransactionType {
  if (isTransactionType(value)) return value;
  const problem = `type must be one of ${TRANSACTION_TYPES.join(', ')}`;
  throw new RequestValidationError(problem, { errors: [{ field: 'type', problem }] });
}

/**
 * Checks a schedule as ledger-service will (parseFeeSchedule), so the caller gets every problem as
 * `errors` (`field` is the path in the schedule, e.g. `tiers[2].fee.basis_points`). The ledger checks
 * again: it owns the schedules.
 */
function assertParses(type: TransactionType, schedule: unknown): void {
  const parsed = parseFeeSchedule(schedule);
  if (parsed.ok) return;
  const errors = parsed.problems.map((p) => ({ field: p.path || 'schedule', problem: p.message, code: p.code }));
  throw new CodedError('invalid_fee_schedule', 400, `The ${type} fee schedule is invalid: ${errors.map((e) => `${e.field}: ${e.problem}`).join('; ')}`, {
    errors,
  });
}

/**
 * Fee schedules are ledger-service's (apps/ledger-service/README.md "Fees"); admins read and change
 * them here by RPC. Each change is audited with the ledger's before and after. The audit entry is
 * written once the ledger has answered: the two are in different databases, so an entry never
 * records a change that did not happen (a change whose entry failed is logged by the error filter).
 */
@Injectable()
export class AdministerFeeSchedules {
  constructor(
    private readonly dataSource: DataSource,
    private readonly upstream: UpstreamClient,
    private readonly audit: AuditLogRepository,
    private readonly merchants: MerchantsRepository,
  ) {}

  platform(actor: Actor): Promise<FeeSchedulesView> {
    return this.get(actor, {});
  }

  async merchant(actor: Actor, merchantId: string): Promise<FeeSchedulesView> {
    await this.assertMerchant(merchantId);
    return this.get(actor, { merchant_id: merchantId });
  }

  setPlatformDefault(actor: Actor, type: TransactionType, schedule: unknown): Promise<SetFeeScheduleResult> {
    assertParses(type, schedule);
    return this.set(actor, { scope: 'platform', transaction_type: type, schedule }, 'fee_schedule.set_default');
  }

  async setOverride(actor: Actor, merchantId: string, type: TransactionType, schedule: unknown): Promise<SetFeeScheduleResult> {
    assertParses(type, schedule);
    await this.assertMerchant(merchantId);
    return this.set(actor, { scope: 'merchant', merchant_id: merchantId, transaction_type: type, schedule }, 'fee_schedule.set_override');
  }

  async removeOverride(actor: Actor, merchantId: string, type: TransactionType): Promise<SetFeeScheduleResult> {
    await this.assertMerchant(merchantId);
    return this.set(actor, { scope: 'merchant', merchant_id: merchantId, transaction_type: type, schedule: null }, 'fee_schedule.remove_override');
  }

  private async assertMerchant(merchantId: string): Promise<void> {
    if (!(await this.merchants.findById(this.dataSource.manager, merchantId))) throw new NotFoundError('merchant_not_found', 'Merchant not found');
  }

  private get(actor: Actor, query: GetFeeSchedulesV1): Promise<FeeSchedulesView> {
    return this.upstream.request<FeeSchedulesView>(LEDGER_SERVICE, GetFeeSchedulesV1.command, query, {
      correlationId: actor.requestId,
      merchantId: actor.adminId,
    });
  }

  private async set(actor: Actor, command: SetFeeScheduleV1, action: string): Promise<SetFeeScheduleResult> {
    const result = await this.upstream.request<SetFeeScheduleResult>(LEDGER_SERVICE, SetFeeScheduleV1.command, command, {
      correlationId: actor.requestId,
      merchantId: command.merchant_id ?? actor.adminId,
    });
    await this.audit.append(this.dataSource.manager, {
      actor_id: actor.adminId,
      action,
      target_type: command.scope === 'merchant' ? 'merchant' : 'fee_schedule',
      target_id: command.scope === 'merchant' ? (command.merchant_id ?? null) : command.transaction_type,
      before: { transaction_type: result.transaction_type, schedule: result.before },
      after: { transaction_type: result.transaction_type, schedule: result.after },
      request_id: actor.requestId,
    });
    return result;
  }
}
