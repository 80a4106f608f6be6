import { InvalidAmountError } from './kes';

export interface FlatFee {
  kind: 'flat';
  feeMinor: bigint;
}

/** basisPoints: 1 bp = 0.01 %, so 150 = 1.5 %. */
export interface PercentageFee {
  kind: 'percentage';
  basisPoints: number;
  minFeeMinor?: bigint;
  maxFeeMinor?: bigint;
}

/** Tiers in ascending order; the first tier whose `upToMinor` (inclusive) covers the amount applies; null = no upper bound. */
export interface TieredFee {
  kind: 'tiered';
  tiers: ReadonlyArray<{ upToMinor: bigint | null; feeMinor: bigint }>;
}

export type FeeSchedule = FlatFee | PercentageFee | TieredFee;

const BASIS_POINTS_PER_UNIT = 10_000n;

/** Integer division rounding halves up; both operands are non-negative here. */
function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

export function calculateFeeMinor(amountMinor: bigint, schedule: FeeSchedule): bigint {
  if (amountMinor < 0n) throw new InvalidAmountError(`Amount must not be negative, got ${amountMinor}`);
  switch (schedule.kind) {
    case 'flat':
      return schedule.feeMinor;
    case 'percentage':
      return percentageFee(amountMinor, schedule);
    case 'tiered':
      return tieredFee(amountMinor, schedule);
    default: {
      const unknownSchedule: never = schedule;
      throw new InvalidAmountError(`Unknown fee schedule ${JSON.stringify(unknownSchedule)}`);
    }
  }
}

function percentageFee(amountMinor: bigint, schedule: PercentageFee): bigint {
  if (!Number.isSafeInteger(schedule.basisPoints) || schedule.basisPoints < 0) {
    throw new InvalidAmountError(`basisPoints must be a non-negative integer, got ${schedule.basisPoints}`);
  }
  let fee = divideRoundHalfUp(amountMinor * BigInt(schedule.basisPoints), BASIS_POINTS_PER_UNIT);
  if (schedule.minFeeMinor !== undefined && fee < schedule.minFeeMinor) fee = schedule.minFeeMinor;
  if (schedule.maxFeeMinor !== undefined && fee > schedule.maxFeeMinor) fee = schedule.maxFeeMinor;
  return fee;
}

function tieredFee(amountMinor: bigint, schedule: TieredFee): bigint {
  const tier = schedule.tiers.find((t) => t.upToMinor === null || amountMinor <= t.upToMinor);
  if (!tier) throw new InvalidAmountError(`No fee tier covers amount ${amountMinor}`);
  return tier.feeMinor;
}
