import fc from 'fast-check';
import {
  FeeSchedule,
  FlatFeeSchedule,
  FeeScheduleProblemCode,
  InvalidFeeScheduleError,
  LegacyFeeSchedule,
  PercentageFeeSchedule,
  TieredFeeSchedule,
  calculateFeeMinor,
  feeFor,
  feeScheduleToJson,
  parseFeeSchedule,
  validateFeeSchedule,
} from './fee-schedule';
import { DARAJA_MAX_AMOUNT_MINOR, InvalidAmountError } from './kes';

const flat = (amount_minor: bigint): FlatFeeSchedule => ({ kind: 'flat', amount_minor });
const pct = (basis_points: number, bounds: { min_minor?: bigint; max_minor?: bigint } = {}): PercentageFeeSchedule => ({
  kind: 'percentage',
  basis_points,
  ...bounds,
});

// KES 0–100 free, 100.01–1,000 KES 15, then 1 % between KES 20 and KES 200 up to the Daraja maximum.
const tiered: TieredFeeSchedule = {
  kind: 'tiered',
  tiers: [
    { up_to_minor: 10_000n, fee: flat(0n) },
    { up_to_minor: 100_000n, fee: flat(1_500n) },
    { up_to_minor: DARAJA_MAX_AMOUNT_MINOR, fee: pct(100, { min_minor: 2_000n, max_minor: 20_000n }) },
  ],
};

describe('feeFor', () => {
  it.each<[string, FeeSchedule, bigint, bigint]>([
    ['flat', flat(2_500n), 123_456n, 2_500n],
    ['flat on a zero amount', flat(2_500n), 0n, 2_500n],
    ['flat above a small amount, because the schedule says so', flat(2_500n), 100n, 2_500n],
    ['flat zero', flat(0n), 5_000_000n, 0n],
    ['1.5 % exact', pct(150), 10_000n, 150n],
    ['half a cent rounds up (0.50 -> 1)', pct(50), 100n, 1n],
    ['below half a cent rounds down (0.49 -> 0)', pct(100), 49n, 0n],
    ['above half a cent rounds up (1.50 -> 2)', pct(100), 150n, 2n],
    ['1.5 % of KES 1,234.57 = 18.51855 -> KES 18.52', pct(150), 123_457n, 1_852n],
    ['100 % is the whole amount', pct(10_000), 123_457n, 123_457n],
    ['0 % is nothing', pct(0), 123_457n, 0n],
    ['raised to the minimum', pct(100, { min_minor: 500n }), 1_000n, 500n],
    ['minimum applies to a zero amount', pct(100, { min_minor: 500n }), 0n, 500n],
    ['lowered to the maximum', pct(100, { max_minor: 20_000n }), 10_000_000n, 20_000n],
    ['between minimum and maximum', pct(100, { min_minor: 500n, max_minor: 20_000n }), 100_000n, 1_000n],
    ['exactly at the maximum', pct(100, { max_minor: 1_000n }), 100_000n, 1_000n],
    ['tier: zero amount is in the first tier', tiered, 0n, 0n],
    ['tier: an upper bound is inclusive (KES 100.00 is free)', tiered, 10_000n, 0n],
    ['tier: one cent above a bound moves up (KES 100.01)', tiered, 10_001n, 1_500n],
    ['tier: inclusive at the second bound (KES 1,000.00)', tiered, 100_000n, 1_500n],
    ['tier: percentage tier at its minimum (KES 1,000.01)', tiered, 100_001n, 2_000n],
    ['tier: percentage tier in range (KES 5,000)', tiered, 500_000n, 5_000n],
    ['tier: percentage tier at its maximum (KES 250,000)', tiered, DARAJA_MAX_AMOUNT_MINOR, 20_000n],
  ])('%s', (_case, schedule, amountMinor, expected) => {
    expect(feeFor(schedule, amountMinor)).toBe(expected);
  });

  it.each<[string, bigint]>([
    ['a negative amount', -1n],
    ['an amount above every tier', DARAJA_MAX_AMOUNT_MINOR + 1n],
  ])('refuses %s with InvalidAmountError', (_case, amountMinor) => {
    expect(() => feeFor(tiered, amountMinor)).toThrow(InvalidAmountError);
  });

  it('refuses an amount that is not a bigint', () => {
    expect(() => feeFor(flat(1n), 100 as unknown as bigint)).toThrow(InvalidAmountError);
  });

  it.each<[string, FeeSchedule]>([
    ['fractional basis points', pct(1.5)],
    ['negative flat fee', flat(-1n)],
    [
      'tiers that overlap',
      {
        kind: 'tiered',
        tiers: [
          { up_to_minor: 100n, fee: flat(1n) },
          { up_to_minor: 100n, fee: flat(2n) },
        ],
      },
    ],
  ])('refuses a malformed schedule (%s) with InvalidFeeScheduleError', (_case, schedule) => {
    expect(() => feeFor(schedule, 50n)).toThrow(InvalidFeeScheduleError);
  });

  it('prices amounts a short tiered schedule covers (coverage is the validator’s rule)', () => {
    const short: FeeSchedule = { kind: 'tiered', tiers: [{ up_to_minor: 100n, fee: flat(7n) }] };
    expect(feeFor(short, 100n)).toBe(7n);
    expect(() => feeFor(short, 101n)).toThrow(InvalidAmountError);
  });
});

describe('feeFor properties', () => {
  const amount = fc.bigInt({ min: 0n, max: DARAJA_MAX_AMOUNT_MINOR });
  const minor = fc.bigInt({ min: 0n, max: 10n ** 9n });
  const basisPoints = fc.integer({ min: 0, max: 10_000 });
  const percentage = fc
    .record({ bp: basisPoints, min: fc.option(minor, { nil: undefined }), max: fc.option(minor, { nil: undefined }) })
    .map(({ bp, min, max }) => {
      const [lo, hi] = min !== undefined && max !== undefined && min > max ? [max, min] : [min, max];
      const bounds: { min_minor?: bigint; max_minor?: bigint } = {};
      if (lo !== undefined) bounds.min_minor = lo;
      if (hi !== undefined) bounds.max_minor = hi;
      return pct(bp, bounds);
    });
  const tierFee = fc.oneof(minor.map(flat), percentage);
  // Strictly rising bounds; the last one is the Daraja maximum.
  const tieredSchedule = fc.uniqueArray(fc.bigInt({ min: 0n, max: DARAJA_MAX_AMOUNT_MINOR - 1n }), { maxLength: 8 }).chain((bounds) => {
    const sorted = [...bounds].sort((a, b) => (a < b ? -1 : 1)).concat(DARAJA_MAX_AMOUNT_MINOR);
    return fc
      .array(tierFee, { minLength: sorted.length, maxLength: sorted.length })
      .map((fees): TieredFeeSchedule => ({ kind: 'tiered', tiers: sorted.map((up_to_minor, i) => ({ up_to_minor, fee: fees[i] })) }));
  });
  const anySchedule: fc.Arbitrary<FeeSchedule> = fc.oneof(minor.map(flat), percentage, tieredSchedule);

  /** The flat amount a schedule may charge above the amount itself: a flat fee or a percentage's minimum. */
  function flatFloor(schedule: FeeSchedule, amountMinor: bigint): bigint {
    switch (schedule.kind) {
      case 'flat':
        return schedule.amount_minor;
      case 'percentage':
        return schedule.min_minor ?? 0n;
      case 'tiered':
        return flatFloor(schedule.tiers.find((t) => amountMinor <= t.up_to_minor)!.fee, amountMinor);
    }
  }

  it('generated schedules are valid', () => {
    fc.assert(fc.property(anySchedule, (schedule) => expect(validateFeeSchedule(schedule)).toEqual([])));
  });

  it('is never negative', () => {
    fc.assert(fc.property(anySchedule, amount, (schedule, a) => expect(feeFor(schedule, a)).toBeGreaterThanOrEqual(0n)));
  });

  it('is never above the amount unless a flat amount (flat fee or minimum) says so', () => {
    fc.assert(
      fc.property(anySchedule, amount, (schedule, a) => {
        const fee = feeFor(schedule, a);
        const limit = a > flatFloor(schedule, a) ? a : flatFloor(schedule, a);
        expect(fee).toBeLessThanOrEqual(limit);
      }),
    );
  });

  it('percentage fees never fall as the amount rises', () => {
    fc.assert(
      fc.property(percentage, amount, amount, (schedule, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(feeFor(schedule, lo)).toBeLessThanOrEqual(feeFor(schedule, hi));
      }),
    );
  });

  it('percentage fees are within half a cent of the exact value, halves rounding up', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), basisPoints, (a, bp) => {
        const fee = feeFor(pct(bp), a);
        // fee - a*bp/10000 is in (-1/2, 1/2], scaled by 20000 to stay in integers.
        const diffScaled = fee * 20_000n - a * BigInt(bp) * 2n;
        expect(diffScaled).toBeGreaterThan(-10_000n);
        expect(diffScaled).toBeLessThanOrEqual(10_000n);
      }),
    );
  });

  it('a tier bound belongs to its own tier and the next cent to the next tier', () => {
    fc.assert(
      fc.property(tieredSchedule, (schedule) => {
        schedule.tiers.forEach((tier, i) => {
          expect(feeFor(schedule, tier.up_to_minor)).toBe(feeFor(tier.fee, tier.up_to_minor));
          const next = schedule.tiers[i + 1];
          if (next) expect(feeFor(schedule, tier.up_to_minor + 1n)).toBe(feeFor(next.fee, tier.up_to_minor + 1n));
        });
      }),
    );
  });

  it('survives a round trip through JSON', () => {
    fc.assert(
      fc.property(anySchedule, (schedule) => {
        const parsed = parseFeeSchedule(JSON.parse(JSON.stringify(feeScheduleToJson(schedule))));
        expect(parsed).toEqual({ ok: true, schedule });
      }),
    );
  });
});

describe('validateFeeSchedule', () => {
  it.each<[string, FeeSchedule, Array<[FeeScheduleProblemCode, string]>]>([
    ['a valid flat fee', flat(2_500n), []],
    ['a valid percentage', pct(150, { min_minor: 100n, max_minor: 10_000n }), []],
    ['a valid tiered schedule', tiered, []],
    ['a negative flat fee', flat(-1n), [['invalid_minor_amount', 'amount_minor']]],
    ['a flat fee beyond 64 bits', flat(2n ** 63n), [['invalid_minor_amount', 'amount_minor']]],
    ['a flat fee as a number', { kind: 'flat', amount_minor: 5 as unknown as bigint }, [['invalid_minor_amount', 'amount_minor']]],
    ['fractional basis points', pct(1.5), [['basis_points_out_of_range', 'basis_points']]],
    ['negative basis points', pct(-1), [['basis_points_out_of_range', 'basis_points']]],
    ['more than 100 %', pct(10_001), [['basis_points_out_of_range', 'basis_points']]],
    ['minimum above maximum', pct(100, { min_minor: 2_000n, max_minor: 1_000n }), [['min_above_max', 'min_minor']]],
    ['a negative maximum', pct(100, { max_minor: -5n }), [['invalid_minor_amount', 'max_minor']]],
    ['no tiers', { kind: 'tiered', tiers: [] }, [['tiers_empty', 'tiers']]],
    ['tiers that stop short of the Daraja maximum', { kind: 'tiered', tiers: [{ up_to_minor: 100_000n, fee: flat(0n) }] }, [['tiers_leave_gap', 'tiers']]],
    [
      'a tier repeating the previous bound',
      {
        kind: 'tiered',
        tiers: [
          { up_to_minor: 100n, fee: flat(0n) },
          { up_to_minor: 100n, fee: flat(1n) },
          { up_to_minor: DARAJA_MAX_AMOUNT_MINOR, fee: flat(2n) },
        ],
      },
      [['tiers_overlap', 'tiers[1].up_to_minor']],
    ],
    [
      'tiers out of order',
      {
        kind: 'tiered',
        tiers: [
          { up_to_minor: DARAJA_MAX_AMOUNT_MINOR, fee: flat(1n) },
          { up_to_minor: 100n, fee: flat(0n) },
        ],
      },
      [
        ['tiers_overlap', 'tiers[1].up_to_minor'],
        ['tiers_leave_gap', 'tiers'],
      ],
    ],
    [
      'a bad fee inside a tier',
      { kind: 'tiered', tiers: [{ up_to_minor: DARAJA_MAX_AMOUNT_MINOR, fee: pct(100, { min_minor: 9n, max_minor: 1n }) }] },
      [['min_above_max', 'tiers[0].fee.min_minor']],
    ],
    [
      'tiers inside a tier',
      { kind: 'tiered', tiers: [{ up_to_minor: DARAJA_MAX_AMOUNT_MINOR, fee: tiered as unknown as PercentageFeeSchedule }] },
      [['tier_fee_not_flat_or_percentage', 'tiers[0].fee.kind']],
    ],
    ['an unknown kind', { kind: 'sliding' } as unknown as FeeSchedule, [['unknown_kind', 'kind']]],
  ])('%s', (_case, schedule, expected) => {
    expect(validateFeeSchedule(schedule).map((p) => [p.code, p.path])).toEqual(expected);
  });

  it('checks coverage against the maximum it is given', () => {
    const short: FeeSchedule = { kind: 'tiered', tiers: [{ up_to_minor: 100_000n, fee: flat(0n) }] };
    expect(validateFeeSchedule(short, { maxAmountMinor: 100_000n })).toEqual([]);
    expect(validateFeeSchedule(short, { maxAmountMinor: 100_001n }).map((p) => p.code)).toEqual(['tiers_leave_gap']);
  });
});

describe('parseFeeSchedule', () => {
  it.each<[string, unknown, FeeSchedule]>([
    ['a flat fee from a digit string', { kind: 'flat', amount_minor: '2500' }, flat(2_500n)],
    ['a flat fee from a safe integer', { kind: 'flat', amount_minor: 2500 }, flat(2_500n)],
    [
      'a percentage with bounds',
      { kind: 'percentage', basis_points: 150, min_minor: '100', max_minor: '10000' },
      pct(150, { min_minor: 100n, max_minor: 10_000n }),
    ],
    [
      'a tiered schedule',
      {
        kind: 'tiered',
        tiers: [
          { up_to_minor: '10000', fee: { kind: 'flat', amount_minor: '0' } },
          { up_to_minor: '25000000', fee: { kind: 'percentage', basis_points: 100 } },
        ],
      },
      {
        kind: 'tiered',
        tiers: [
          { up_to_minor: 10_000n, fee: flat(0n) },
          { up_to_minor: 25_000_000n, fee: pct(100) },
        ],
      },
    ],
  ])('reads %s', (_case, input, expected) => {
    expect(parseFeeSchedule(input)).toEqual({ ok: true, schedule: expected });
  });

  it.each<[string, unknown, Array<[FeeScheduleProblemCode, string]>]>([
    ['null', null, [['not_an_object', '']]],
    ['an array', [], [['not_an_object', '']]],
    ['no kind', { amount_minor: '1' }, [['unknown_kind', 'kind']]],
    ['a decimal amount', { kind: 'flat', amount_minor: '12.50' }, [['invalid_minor_amount', 'amount_minor']]],
    ['a negative amount', { kind: 'flat', amount_minor: '-1' }, [['invalid_minor_amount', 'amount_minor']]],
    ['an amount past 64 bits', { kind: 'flat', amount_minor: '9223372036854775808' }, [['invalid_minor_amount', 'amount_minor']]],
    ['an unsafe integer', { kind: 'flat', amount_minor: 2 ** 60 }, [['invalid_minor_amount', 'amount_minor']]],
    ['a misspelt field', { kind: 'percentage', basis_points: 100, max_minnor: '5' }, [['unknown_field', 'max_minnor']]],
    ['basis points as a string', { kind: 'percentage', basis_points: '100' }, [['basis_points_out_of_range', 'basis_points']]],
    ['tiers that are not a list', { kind: 'tiered', tiers: {} }, [['tiers_empty', 'tiers']]],
    [
      'a tier with a stray field',
      { kind: 'tiered', tiers: [{ up_to_minor: '25000000', fee: { kind: 'flat', amount_minor: '0' }, from: '0' }] },
      [['unknown_field', 'tiers[0].from']],
    ],
    ['a tier that is not an object', { kind: 'tiered', tiers: ['x'] }, [['not_an_object', 'tiers[0]']]],
    [
      'a short tiered schedule (a rule, not the shape)',
      { kind: 'tiered', tiers: [{ up_to_minor: '100', fee: { kind: 'flat', amount_minor: '0' } }] },
      [['tiers_leave_gap', 'tiers']],
    ],
    [
      'every problem at once',
      { kind: 'tiered', tiers: [{ up_to_minor: 'x', fee: { kind: 'flat', amount_minor: '1.5' } }, { fee: { kind: 'percentage' } }] },
      [
        ['invalid_minor_amount', 'tiers[0].up_to_minor'],
        ['invalid_minor_amount', 'tiers[0].fee.amount_minor'],
        ['invalid_minor_amount', 'tiers[1].up_to_minor'],
        ['basis_points_out_of_range', 'tiers[1].fee.basis_points'],
      ],
    ],
  ])('refuses %s', (_case, input, expected) => {
    const parsed = parseFeeSchedule(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map((p) => [p.code, p.path])).toEqual(expected);
  });
});

describe('feeScheduleToJson', () => {
  it('writes minor amounts as digit strings and omits absent bounds', () => {
    expect(feeScheduleToJson({ kind: 'tiered', tiers: [{ up_to_minor: 25_000_000n, fee: pct(100, { max_minor: 500n }) }] })).toEqual({
      kind: 'tiered',
      tiers: [{ up_to_minor: '25000000', fee: { kind: 'percentage', basis_points: 100, max_minor: '500' } }],
    });
  });
});

describe('calculateFeeMinor (deprecated first version)', () => {
  const legacyTiered: LegacyFeeSchedule = {
    kind: 'tiered',
    tiers: [
      { upToMinor: 10_000n, feeMinor: 0n },
      { upToMinor: 100_000n, feeMinor: 1_500n },
      { upToMinor: null, feeMinor: 5_000n },
    ],
  };

  it.each<[string, bigint, LegacyFeeSchedule, bigint]>([
    ['flat', 123_456n, { kind: 'flat', feeMinor: 2_500n }, 2_500n],
    ['percentage rounds half up', 100n, { kind: 'percentage', basisPoints: 50 }, 1n],
    ['percentage clamped to minimum', 1_000n, { kind: 'percentage', basisPoints: 100, minFeeMinor: 500n }, 500n],
    ['percentage clamped to maximum', 10_000_000n, { kind: 'percentage', basisPoints: 100, maxFeeMinor: 20_000n }, 20_000n],
    ['tier boundary is inclusive', 10_000n, legacyTiered, 0n],
    ['first cent above a boundary moves up', 10_001n, legacyTiered, 1_500n],
    ['open-ended top tier', 10n ** 12n, legacyTiered, 5_000n],
  ])('%s', (_case, amountMinor, schedule, expected) => {
    expect(calculateFeeMinor(amountMinor, schedule)).toBe(expected);
  });

  it('refuses a negative amount and an amount no tier covers', () => {
    expect(() => calculateFeeMinor(-1n, { kind: 'flat', feeMinor: 1n })).toThrow(InvalidAmountError);
    expect(() => calculateFeeMinor(101n, { kind: 'tiered', tiers: [{ upToMinor: 100n, feeMinor: 1n }] })).toThrow(InvalidAmountError);
  });
});
