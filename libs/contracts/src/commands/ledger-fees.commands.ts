import { IsDefined, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { TRANSACTION_TYPES } from '@lipa/money';
import type { FeeScheduleJson, TransactionType } from '@lipa/money';
import { API_MODES, ApiMode, MinorUnits } from '../common';

/**
 * Fee schedules live in ledger-service (apps/ledger-service/README.md, "Fees"): one per transaction
 * type for the platform, and per merchant the overrides an admin set. Schedules travel in
 * @lipa/money's JSON form (`feeScheduleToJson`), amounts as digit strings.
 */
export type FeeSchedulesJson = Record<TransactionType, FeeScheduleJson>;
export type FeeScheduleOverridesJson = Partial<Record<TransactionType, FeeScheduleJson>>;

/** api-gateway → ledger-service (RPC): the platform defaults and, with a merchant, its overrides and what applies. */
export class GetFeeSchedulesV1 {
  static readonly command = 'ledger.fee_schedules.get';
  @IsOptional() @IsString() @MaxLength(200) merchant_id?: string;
}

export interface FeeSchedulesView {
  /** What applies to every merchant without an override: @lipa/money's DEFAULT_FEE_SCHEDULES until an admin sets one. */
  platform_defaults: FeeSchedulesJson;
  /** Only when a merchant was asked for. */
  merchant_id?: string;
  /** The merchant's overrides, for the types it has one. */
  overrides?: FeeScheduleOverridesJson;
  /** Per type, the override when there is one, else the platform default (resolveSchedule). */
  effective?: FeeSchedulesJson;
}

/**
 * api-gateway → ledger-service (RPC): sets the platform default (`scope: 'platform'`) or a
 * merchant's override for one type; `schedule: null` removes a merchant's override, or puts the
 * platform default of that type back to the shipped DEFAULT_FEE_SCHEDULES. The schedule is checked with parseFeeSchedule: a
 * malformed one is 400 `invalid_fee_schedule` with `details.problems`.
 */
export class SetFeeScheduleV1 {
  static readonly command = 'ledger.fee_schedules.set';
  @IsIn(['platform', 'merchant']) scope: 'platform' | 'merchant';
  @ValidateIf((o: SetFeeScheduleV1) => o.scope === 'merchant') @IsString() @MaxLength(200) merchant_id?: string;
  @IsIn(TRANSACTION_TYPES) transaction_type: TransactionType;
  /** Untrusted JSON, checked by parseFeeSchedule; null removes the override (or the platform's own setting). */
  @ValidateIf((o: SetFeeScheduleV1) => o.schedule !== null) @IsDefined() schedule: unknown;
}

export interface SetFeeScheduleResult {
  scope: 'platform' | 'merchant';
  merchant_id: string | null;
  transaction_type: TransactionType;
  /** The schedule of that scope before (a platform default never set: DEFAULT_FEE_SCHEDULES'; no override: null). */
  before: FeeScheduleJson | null;
  after: FeeScheduleJson | null;
  /** False when the schedule was already that (nothing written). */
  changed: boolean;
}

/**
 * stk-service → ledger-service (RPC): prices a transaction with the merchant's effective schedule
 * and holds the fee on the merchant's service wallet of that mode, for fee revenue, before the push
 * is sent. A fee of 0 holds nothing (`hold_id: null`). The hold is `fee:<cause_id>`, so asking again
 * for the same transaction answers the same hold and never holds twice. A wallet that cannot cover
 * the fee is 422 `insufficient_service_balance`. payment.completed posts the hold, payment.failed voids it.
 */
export class HoldTransactionFeeV1 {
  static readonly command = 'ledger.fee.hold';
  @IsString() @MaxLength(200) merchant_id: string;
  @IsIn(API_MODES) mode: ApiMode;
  @IsIn(['stk']) transaction_type: Extract<TransactionType, 'stk'>;
  @Matches(/^[1-9]\d{0,18}$/) amount_minor: MinorUnits;
  /** The transaction the fee is for (the STK transaction id). */
  @IsString() @MaxLength(190) cause_id: string;
  /** How long the hold reserves the fee if neither completion nor failure ends it; default FEE_HOLD_TIMEOUT_MS. */
  @IsOptional() @IsInt() @Min(60_000) @Max(7 * 24 * 3600 * 1000) timeout_ms?: number;
}

/**
 * A fee hold outlives every STK flow it covers: stk-service abandons a push after STK_ABANDON_AFTER_MS
 * (10 minutes by default, apps/stk-service/src/config.ts) and then publishes payment.failed, which voids it.
 */
export const FEE_HOLD_TIMEOUT_MS = 30 * 60 * 1000;

export interface TransactionFeeHold {
  fee_minor: MinorUnits;
  hold_id: string | null;
  /** False when the hold existed already (a repeated request). */
  created: boolean;
}

/** The hold id of a transaction's fee. */
export const feeHoldId = (causeId: string) => `fee:${causeId}`;
