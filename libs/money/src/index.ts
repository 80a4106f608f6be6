export { InvalidAmountError, kesToMinor, minorToKes, isWholeShillings } from './kes';
export { calculateFeeMinor } from './fee-schedule';
export type { FeeSchedule, FlatFee, PercentageFee, TieredFee } from './fee-schedule';
