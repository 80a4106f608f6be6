import fc from 'fast-check';
import { calculateFeeMinor, FeeSchedule } from './fee-schedule';
import { InvalidAmountError } from './kes';

const tiered: FeeSchedule = {
  kind: 'tiered',
  tiers: [
    { upToMinor: 10_000n, feeMinor: 0n },
    { upToMinor: 100_000n, feeMinor: 1_500n },
    { upToMinor: null, feeMinor: 5_000n },
  ],
};

describe('calculateFeeMinor', () => {
  it.each<[string, bigint, FeeSchedule, bigint]>([
    ['flat', 123_456n, { kind: 'flat', feeMinor: 2_500n }, 2_500n],
    ['flat on zero', 0n, { kind: 'flat', feeMinor: 2_500n }, 2_500n],
    ['1.5 % exact', 10_000n, { kind: 'percentage', basisPoints: 150 }, 150n],
    ['1.5 % rounds half up (0.5 -> 1)', 100n, { kind: 'percentage', basisPoints: 50 }, 1n],
    ['rounds down below half (0.49 -> 0)', 49n, { kind: 'percentage', basisPoints: 100 }, 0n],
    ['rounds up above half (1.50 -> 2)', 150n, { kind: 'percentage', basisPoints: 100 }, 2n],
    ['percentage clamped to minimum', 1_000n, { kind: 'percentage', basisPoints: 100, minFeeMinor: 500n }, 500n],
    ['percentage clamped to maximum', 10_000_000n, { kind: 'percentage', basisPoints: 100, maxFeeMinor: 20_000n }, 20_000n],
    ['percentage between bounds', 100_000n, { kind: 'percentage', basisPoints: 100, minFeeMinor: 500n, maxFeeMinor: 20_000n }, 1_000n],
    ['tier boundary is inclusive', 10_000n, tiered, 0n],
    ['first cent above a boundary moves up', 10_001n, tiered, 1_500n],
    ['middle tier', 50_000n, tiered, 1_500n],
    ['open-ended top tier', 10n ** 12n, tiered, 5_000n],
  ])('%s', (_case, amountMinor, schedule, expected) => {
    expect(calculateFeeMinor(amountMinor, schedule)).toBe(expected);
  });

  it('refuses a negative amount', () => {
    expect(() => calculateFeeMinor(-1n, { kind: 'flat', feeMinor: 1n })).toThrow(InvalidAmountError);
  });

  it('refuses an amount no tier covers', () => {
    const bounded: FeeSchedule = { kind: 'tiered', tiers: [{ upToMinor: 100n, feeMinor: 1n }] };
    expect(() => calculateFeeMinor(101n, bounded)).toThrow(InvalidAmountError);
  });

  it('refuses fractional basis points', () => {
    expect(() => calculateFeeMinor(100n, { kind: 'percentage', basisPoints: 1.5 })).toThrow(InvalidAmountError);
  });

  it('percentage fee is within half a cent of the exact value', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 0, max: 10_000 }), (amount, bp) => {
        const fee = calculateFeeMinor(amount, { kind: 'percentage', basisPoints: bp });
        // |fee - amount*bp/10000| <= 1/2, scaled by 20000 to stay in integers; halves round up.
        const diffScaled = fee * 20_000n - amount * BigInt(bp) * 2n;
        expect(diffScaled).toBeGreaterThan(-10_000n);
        expect(diffScaled).toBeLessThanOrEqual(10_000n);
      }),
    );
  });
});
