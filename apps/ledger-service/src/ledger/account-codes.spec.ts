import {
  InvalidAccountCodeError,
  collectionAccounts,
  merchantAccountCode,
  merchantAccounts,
  parseAccountCode,
  platformAccountCode,
  platformAccounts,
} from './account-codes';

describe('account codes', () => {
  it.each([
    ['m_1', 'service_wallet', 'merchant:m_1:service_wallet'],
    ['m_1', 'b2c_wallet', 'merchant:m_1:b2c_wallet'],
    ['3f2a9c1e-0b7d-4e55-9a1b-2c3d4e5f6a7b', 'collections', 'merchant:3f2a9c1e-0b7d-4e55-9a1b-2c3d4e5f6a7b:collections'],
  ] as const)('builds the code of merchant %s %s', (merchantId, kind, code) => {
    expect(merchantAccountCode(merchantId, kind)).toBe(code);
  });

  it.each([
    ['', 'empty'],
    ['a:b', 'contains the separator'],
    ['a b', 'contains whitespace'],
    ['x'.repeat(65), 'too long'],
  ])('refuses merchant id %j (%s)', (merchantId) => {
    expect(() => merchantAccountCode(merchantId, 'collections')).toThrow(InvalidAccountCodeError);
  });

  it('refuses an unknown merchant account kind', () => {
    expect(() => merchantAccountCode('m_1', 'savings' as never)).toThrow(InvalidAccountCodeError);
  });

  it.each([
    ['merchant:m_1:service_wallet', { merchantId: 'm_1', kind: 'service_wallet', allowNegative: false }],
    ['merchant:m_1:b2c_wallet', { merchantId: 'm_1', kind: 'b2c_wallet', allowNegative: false }],
    ['merchant:m_1:collections', { merchantId: 'm_1', kind: 'collections', allowNegative: false }],
    ['platform:mpesa_float', { merchantId: null, kind: 'mpesa_float', allowNegative: true }],
    ['platform:suspense', { merchantId: null, kind: 'suspense', allowNegative: true }],
    ['platform:fee_revenue', { merchantId: null, kind: 'fee_revenue', allowNegative: false }],
  ])('parses %s', (code, expected) => {
    expect(parseAccountCode(code)).toEqual({ code, ...expected });
  });

  it.each([
    'merchant:m_1',
    'merchant:m_1:savings',
    'merchant::collections',
    'merchant:a:b:collections',
    'platform:cash',
    'platform:mpesa_float:x',
    'mpesa_float',
    '',
  ])('refuses %j', (code) => {
    expect(() => parseAccountCode(code)).toThrow(InvalidAccountCodeError);
  });

  it('round-trips every platform kind', () => {
    expect(platformAccounts().map((a) => a.code)).toEqual(['platform:mpesa_float', 'platform:fee_revenue', 'platform:suspense', 'platform:test_mpesa_float']);
    expect(platformAccountCode('suspense')).toBe('platform:suspense');
  });

  it('opens exactly four non-negative accounts per merchant (sandbox collections apart)', () => {
    const accounts = merchantAccounts('m_9');
    expect(accounts.map((a) => a.kind)).toEqual(['service_wallet', 'b2c_wallet', 'collections', 'test_collections']);
    expect(accounts.every((a) => a.merchantId === 'm_9' && !a.allowNegative)).toBe(true);
  });
});

describe('collectionAccounts', () => {
  it.each([
    ['live', 'platform:mpesa_float', 'merchant:m_1:collections'],
    ['test', 'platform:test_mpesa_float', 'merchant:m_1:test_collections'],
  ] as const)('posts a %s collection from %s to %s', (mode, debitCode, creditCode) => {
    expect(collectionAccounts('m_1', mode)).toEqual({ debitCode, creditCode });
  });
});
