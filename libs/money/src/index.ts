export {
  DARAJA_MAX_AMOUNT_KES,
  DARAJA_MAX_AMOUNT_MINOR,
  DARAJA_MIN_AMOUNT_KES,
  InvalidAmountError,
  MAX_MINOR,
  formatKes,
  isWholeShillings,
  isWholeShillingsMinor,
  kesToMinor,
  minorToKes,
  minorToWholeShillings,
  parseMinor,
} from './kes';
export {
  InvalidFeeScheduleError,
  MAX_BASIS_POINTS,
  assertValidFeeSchedule,
  calculateFeeMinor,
  feeFor,
  feeScheduleToJson,
  parseFeeSchedule,
  validateFeeSchedule,
} from './fee-schedule';
export type {
  FeeSchedule,
  FeeScheduleJson,
  FeeScheduleProblem,
  FeeScheduleProblemCode,
  FeeScheduleRules,
  FeeTier,
  FlatFeeSchedule,
  FlatFeeScheduleJson,
  LegacyFeeSchedule,
  ParsedFeeSchedule,
  PercentageFeeSchedule,
  PercentageFeeScheduleJson,
  TierFee,
  TierFeeJson,
  TieredFeeSchedule,
  TieredFeeScheduleJson,
} from './fee-schedule';
export { DEFAULT_FEE_SCHEDULES, SAFARICOM_B2C_TARIFF, TRANSACTION_TYPES, isTransactionType, resolveSchedule } from './transaction-fees';
export type { FeeScheduleOverrides, FeeSchedules, TransactionType } from './transaction-fees';
