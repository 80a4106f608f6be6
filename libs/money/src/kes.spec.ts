import fc from 'fast-check';
import { InvalidAmountError, isWholeShillings, kesToMinor, minorToKes } from './kes';

describe('kesToMinor', () => {
  it.each([
    [0, 0n],
    [1, 100n],
    [10.5, 1050n],
    [10.05, 1005n],
    [0.1 + 0.2, 30n],
    [149_999.99, 14_999_999n],
    [-5.25, -525n],
  ])('converts %p KES to %p minor', (kes, minor) => {
    expect(kesToMinor(kes)).toBe(minor);
  });

  it.each([[1.005], [0.001], [Number.NaN], [Number.POSITIVE_INFINITY], [1e20]])('refuses %p', (kes) => {
    expect(() => kesToMinor(kes)).toThrow(InvalidAmountError);
  });
});

describe('minorToKes', () => {
  it.each([
    [0n, 0],
    [100n, 1],
    [1050n, 10.5],
    [1005n, 10.05],
    [1n, 0.01],
  ])('converts %p minor to %p KES', (minor, kes) => {
    expect(minorToKes(minor)).toBe(kes);
  });

  it('refuses amounts beyond safe integers', () => {
    expect(() => minorToKes(2n ** 60n)).toThrow(InvalidAmountError);
  });

  it('round-trips any 2-decimal amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 13n), max: 10n ** 13n }), (minor) => {
        expect(kesToMinor(minorToKes(minor))).toBe(minor);
      }),
    );
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
