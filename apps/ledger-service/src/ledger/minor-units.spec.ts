import { InvalidMinorUnitsError, MAX_MINOR_UNITS, formatMinorUnits, parseMinorUnits } from './minor-units';

describe('minor units', () => {
  it.each([
    ['0', 0n],
    ['150000', 150000n],
    ['-42', -42n],
    ['9007199254740993', 9007199254740993n], // 2^53 + 1: a Number would round it
    ['9223372036854775807', MAX_MINOR_UNITS],
  ])('parses %s exactly', (wire, expected) => {
    expect(parseMinorUnits(wire)).toBe(expected);
  });

  it.each(['', ' 1', '1.5', '1e3', '+1', '0x10', 'abc', '9223372036854775808', '99999999999999999999'])('refuses %j', (wire) => {
    expect(() => parseMinorUnits(wire)).toThrow(InvalidMinorUnitsError);
  });

  it('formats without losing digits', () => {
    expect(formatMinorUnits(9007199254740993n)).toBe('9007199254740993');
    expect(formatMinorUnits(-5n)).toBe('-5');
  });
});
