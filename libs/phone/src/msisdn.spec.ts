import { isNormalizedMsisdn, maskMsisdn, normalizeMsisdn } from './msisdn';

describe('normalizeMsisdn', () => {
  it.each([
    ['0712345678', '254712345678'],
    ['0112345678', '254112345678'],
    ['712345678', '254712345678'],
    ['112345678', '254112345678'],
    ['+254712345678', '254712345678'],
    ['254712345678', '254712345678'],
    ['+254112345678', '254112345678'],
    ['254112345678', '254112345678'],
    ['0712 345 678', '254712345678'],
    ['0712-345-678', '254712345678'],
    ['+254 712 345 678', '254712345678'],
    ['  254708374149  ', '254708374149'],
  ])('normalises %p to %p', (input, expected) => {
    expect(normalizeMsisdn(input)).toBe(expected);
  });

  it.each([
    ['020 2222222', 'Nairobi landline'],
    ['0202222222', 'landline, 10 digits'],
    ['254202222222', 'landline in international form'],
    ['+255712345678', 'Tanzania'],
    ['+1 712 345 6789', 'another country'],
    ['071234567', 'too short'],
    ['07123456789', 'too long'],
    ['2547123456789', 'international too long'],
    ['25471234567', 'international too short'],
    ['+0712345678', 'plus without country code'],
    ['0712abc678', 'letters'],
    ['0812345678', 'not a mobile prefix'],
    ['', 'empty'],
  ])('rejects %p (%s)', (input) => {
    expect(normalizeMsisdn(input)).toBeNull();
  });
});

describe('isNormalizedMsisdn', () => {
  it.each([
    ['254712345678', true],
    ['254112345678', true],
    ['0712345678', false],
    ['+254712345678', false],
  ])('%p -> %p', (input, expected) => {
    expect(isNormalizedMsisdn(input)).toBe(expected);
  });
});

describe('maskMsisdn', () => {
  it.each([
    ['254712345678', '2547******78'],
    ['254112345678', '2541******78'],
    ['0712345678', '0712****78'],
    ['12345', '*****'],
    ['', ''],
  ])('masks %p as %p', (input, expected) => {
    expect(maskMsisdn(input)).toBe(expected);
  });
});
