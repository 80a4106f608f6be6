import fc from 'fast-check';
import {
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

describe('kesToMinor', () => {
  it.each<[number | string, bigint]>([
    [0, 0n],
    [1, 100n],
    [10.5, 1050n],
    [10.05, 1005n],
    [0.1 + 0.2, 30n],
    [149_999.99, 14_999_999n],
    [-5.25, -525n],
    ['0', 0n],
    ['1250', 125_000n],
    ['1250.5', 125_050n],
    ['1250.50', 125_050n],
    ['0.01', 1n],
    ['-5.25', -525n],
    ['92233720368547758.07', MAX_MINOR],
  ])('converts %p KES to %p minor', (kes, minor) => {
    expect(kesToMinor(kes)).toBe(minor);
  });

  it.each<[number | string]>([
    [1.005],
    [0.001],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    [Number.NEGATIVE_INFINITY],
    [1e20],
    ['1.005'],
    ['1,250'],
    ['1e3'],
    [' 12'],
    ['12 '],
    ['+12'],
    ['.5'],
    ['5.'],
    [''],
    ['0x10'],
    ['Infinity'],
    ['92233720368547758.08'],
  ])('refuses %p', (kes) => {
    expect(() => kesToMinor(kes)).toThrow(InvalidAmountError);
  });
});

describe('minorToKes', () => {
  it.each<[bigint | string, number]>([
    [0n, 0],
    [100n, 1],
    [1050n, 10.5],
    [1005n, 10.05],
    [1n, 0.01],
    [-250n, -2.5],
    ['150050', 1500.5],
    ['123456789012', 1234567890.12],
    ['-250', -2.5],
  ])('converts %p minor to %p KES', (minor, kes) => {
    expect(minorToKes(minor)).toBe(kes);
  });

  it.each<[bigint | string]>([[2n ** 60n], ['1152921504606846976'], ['12.5'], ['abc'], [' 1'], ['0x10'], ['']])('refuses %p', (minor) => {
    expect(() => minorToKes(minor)).toThrow(InvalidAmountError);
  });

  it('round-trips any 2-decimal amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 13n), max: 10n ** 13n }), (minor) => {
        expect(kesToMinor(minorToKes(minor))).toBe(minor);
        expect(kesToMinor(String(minorToKes(minor)))).toBe(minor);
      }),
    );
  });

  it('gives the number a decimal string of the same amount would give', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: BigInt(Number.MAX_SAFE_INTEGER) }), (minor) => {
        const digits = minor.toString().padStart(3, '0');
        expect(minorToKes(minor)).toBe(Number(`${digits.slice(0, -2)}.${digits.slice(-2)}`));
      }),
    );
  });
});

describe('parseMinor', () => {
  it.each<[string, bigint]>([
    ['0', 0n],
    ['150000', 150_000n],
    ['-5', -5n],
    ['9007199254740993', 9_007_199_254_740_993n],
    ['9223372036854775807', MAX_MINOR],
  ])('reads %p', (wire, minor) => {
    expect(parseMinor(wire)).toBe(minor);
  });

  it.each<[unknown]>([['9223372036854775808'], ['1.5'], ['1e3'], ['+1'], [' 1'], [''], ['0x1f'], [150_000]])('refuses %p', (wire) => {
    expect(() => parseMinor(wire as string)).toThrow(InvalidAmountError);
  });
});

describe('formatKes', () => {
  it.each<[bigint | string, string]>([
    [0n, 'KES 0.00'],
    [1n, 'KES 0.01'],
    [99n, 'KES 0.99'],
    [25_500n, 'KES 255.00'],
    [125_000n, 'KES 1,250.00'],
    [125_050n, 'KES 1,250.50'],
    [100_000_000n, 'KES 1,000,000.00'],
    [-125_000n, '-KES 1,250.00'],
    ['25500', 'KES 255.00'],
    [MAX_MINOR, 'KES 92,233,720,368,547,758.07'],
  ])('%p -> %p', (minor, text) => {
    expect(formatKes(minor)).toBe(text);
  });

  it('refuses a malformed wire amount', () => {
    expect(() => formatKes('12.5')).toThrow(InvalidAmountError);
  });
});

describe('isWholeShillings', () => {
  it.each([
    [1, true],
    [150_000, true],
    [0, true],
    [1.5, false],
    [Number.NaN, false],
    [Number.POSITIVE_INFINITY, false],
  ])('%p -> %p', (kes, expected) => {
    expect(isWholeShillings(kes)).toBe(expected);
  });
});

describe('whole shillings in minor units', () => {
  it.each<[bigint, boolean]>([
    [0n, true],
    [100n, true],
    [25_000_000n, true],
    [150n, false],
    [1n, false],
    [-100n, true],
  ])('isWholeShillingsMinor(%p) -> %p', (minor, expected) => {
    expect(isWholeShillingsMinor(minor)).toBe(expected);
  });

  it.each<[bigint, number]>([
    [100n, 1],
    [25_000_000n, 250_000],
  ])('minorToWholeShillings(%p) -> %p', (minor, kes) => {
    expect(minorToWholeShillings(minor)).toBe(kes);
  });

  it('refuses cents instead of dropping them', () => {
    expect(() => minorToWholeShillings(10_050n)).toThrow(InvalidAmountError);
  });
});
