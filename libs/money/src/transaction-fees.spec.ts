import { FeeSchedule, feeFor, validateFeeSchedule } from './fee-schedule';
import { DARAJA_MAX_AMOUNT_MINOR, InvalidAmountError, kesToMinor } from './kes';
import { DEFAULT_FEE_SCHEDULES, FeeSchedules, SAFARICOM_B2C_TARIFF, TRANSACTION_TYPES, isTransactionType, resolveSchedule } from './transaction-fees';

describe('SAFARICOM_B2C_TARIFF', () => {
  // One row per band edge of Safaricom's B2C tariff for registered customers (transaction-fees.ts).
  it.each<[number, number]>([
    [1, 0],
    [49, 0],
    [50, 0],
    [100, 0],
    [101, 5],
    [500, 5],
    [1_500, 5],
    [1_501, 9],
    [2_500, 9],
    [5_000, 9],
    [5_001, 11],
    [10_000, 11],
    [15_000, 11],
    [20_000, 11],
    [20_001, 13],
    [50_000, 13],
    [70_000, 13],
    [70_001, 13],
    [250_000, 13],
  ])('paying out KES %p costs KES %p', (amountKes, feeKes) => {
    expect(feeFor(SAFARICOM_B2C_TARIFF, kesToMinor(amountKes))).toBe(kesToMinor(feeKes));
  });

  it('covers every amount up to the Daraja maximum with no gap or overlap', () => {
    expect(validateFeeSchedule(SAFARICOM_B2C_TARIFF)).toEqual([]);
  });

  it('prices nothing above the Daraja maximum', () => {
    expect(() => feeFor(SAFARICOM_B2C_TARIFF, DARAJA_MAX_AMOUNT_MINOR + 1n)).toThrow(InvalidAmountError);
  });

  it('cannot be changed by a caller', () => {
    expect(Object.isFrozen(SAFARICOM_B2C_TARIFF.tiers[0].fee)).toBe(true);
    expect(() => (SAFARICOM_B2C_TARIFF.tiers as unknown as unknown[]).push({})).toThrow(TypeError);
  });
});

describe('DEFAULT_FEE_SCHEDULES', () => {
  it.each(TRANSACTION_TYPES.map((type) => [type]))('has a valid schedule for %s', (type) => {
    expect(validateFeeSchedule(DEFAULT_FEE_SCHEDULES[type])).toEqual([]);
  });

  it.each<[string, bigint, bigint]>([
    ['stk', 100_000n, 0n],
    ['c2b', 100_000n, 0n],
    ['b2b', 100_000n, 0n],
    ['b2c', 100_000n, 500n],
  ])('%s on %p minor charges %p by default', (type, amountMinor, fee) => {
    expect(feeFor(DEFAULT_FEE_SCHEDULES[type as keyof FeeSchedules], amountMinor)).toBe(fee);
  });
});

describe('resolveSchedule', () => {
  const platform: FeeSchedules = {
    stk: { kind: 'flat', amount_minor: 100n },
    c2b: { kind: 'flat', amount_minor: 200n },
    b2c: SAFARICOM_B2C_TARIFF,
    b2b: { kind: 'flat', amount_minor: 400n },
  };
  const stkOverride: FeeSchedule = { kind: 'percentage', basis_points: 150, min_minor: 1_000n };

  it.each<[string, Parameters<typeof resolveSchedule>[1], keyof FeeSchedules, FeeSchedule]>([
    ['no overrides: the platform default', undefined, 'stk', platform.stk],
    ['null overrides: the platform default', null, 'b2c', platform.b2c],
    ['empty overrides: the platform default', {}, 'c2b', platform.c2b],
    ['an override for the type replaces the default', { stk: stkOverride }, 'stk', stkOverride],
    ['an override for another type does not apply', { stk: stkOverride }, 'b2b', platform.b2b],
    ['a flat zero override waives the fee', { b2c: { kind: 'flat', amount_minor: 0n } }, 'b2c', { kind: 'flat', amount_minor: 0n }],
  ])('%s', (_case, overrides, type, expected) => {
    expect(resolveSchedule(platform, overrides, type)).toEqual(expected);
  });

  it('replaces the default whole rather than merging into it', () => {
    const override: FeeSchedule = { kind: 'percentage', basis_points: 100 };
    const resolved = resolveSchedule({ ...platform, stk: { kind: 'percentage', basis_points: 50, max_minor: 10n } }, { stk: override }, 'stk');
    expect(resolved).toBe(override);
    expect(feeFor(resolved, 100_000n)).toBe(1_000n);
  });
});

describe('isTransactionType', () => {
  it.each<[unknown, boolean]>([
    ['stk', true],
    ['c2b', true],
    ['b2c', true],
    ['b2b', true],
    ['STK', false],
    ['reversal', false],
    [undefined, false],
  ])('%p -> %p', (value, expected) => {
    expect(isTransactionType(value)).toBe(expected);
  });
});
