import {
  InvalidAccountCodeError,
  collectionAccounts,
  merchantAccountCode,
  merchantAccounts,
  parseAccountCode,
  platformAccountCode,
  platformAccounts,
  shortcodeAccountCode,
} from './account-codes';

describe('account codes', () => {
  it.each([
    ['m_1', 'live', 'service_wallet', 'merchant:m_1:live:service_wallet'],
    ['m_1', 'test', 'b2c_wallet', 'merchant:m_1:test:b2c_wallet'],
    ['3f2a9c1e-0b7d-4e55-9a1b-2c3d4e5f6a7b', 'live', 'collections', 'merchant:3f2a9c1e-0b7d-4e55-9a1b-2c3d4e5f6a7b:live:collections'],
  ] as const)('builds the code of merchant %s %s %s', (merchantId, mode, kind, code) => {
    expect(merchantAccountCode(merchantId, mode, kind)).toBe(code);
  });

  it.each([
    ['', 'empty'],
    ['a:b', 'contains the separator'],
    ['a b', 'contains whitespace'],
    ['x'.repeat(65), 'too long'],
  ])('refuses merchant id %j (%s)', (merchantId) => {
    expect(() => merchantAccountCode(merchantId, 'live', 'collections')).toThrow(InvalidAccountCodeError);
  });

  it('refuses an unknown merchant account kind or mode', () => {
    expect(() => merchantAccountCode('m_1', 'live', 'savings' as never)).toThrow(InvalidAccountCodeError);
    expect(() => merchantAccountCode('m_1', 'sandbox' as never, 'collections')).toThrow(InvalidAccountCodeError);
  });

  it.each([
    [
      'merchant:m_1:live:service_wallet',
      { merchantId: 'm_1', mode: 'live', kind: 'service_wallet', memo: false, debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false },
    ],
    [
      'merchant:m_1:test:b2c_wallet',
      { merchantId: 'm_1', mode: 'test', kind: 'b2c_wallet', memo: false, debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false },
    ],
    [
      'merchant:m_1:live:collections',
      { merchantId: 'm_1', mode: 'live', kind: 'collections', memo: false, debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false },
    ],
    [
      'merchant:m_1:live:own_collections_memo',
      { merchantId: 'm_1', mode: 'live', kind: 'own_collections_memo', memo: true, debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false },
    ],
    [
      'platform:live:fee_revenue',
      { merchantId: null, mode: 'live', kind: 'fee_revenue', memo: false, debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false },
    ],
    [
      'platform:test:funding',
      { merchantId: null, mode: 'test', kind: 'funding', memo: false, debitsMustNotExceedCredits: false, creditsMustNotExceedDebits: false },
    ],
    [
      'platform:live:suspense',
      { merchantId: null, mode: 'live', kind: 'suspense', memo: false, debitsMustNotExceedCredits: false, creditsMustNotExceedDebits: false },
    ],
    [
      'platform:live:mpesa_collections:174379',
      { shortcode: '174379', kind: 'mpesa_collections', memo: false, debitsMustNotExceedCredits: false, creditsMustNotExceedDebits: false },
    ],
    [
      'platform:live:b2c_float:600000',
      { shortcode: '600000', kind: 'b2c_float', memo: false, debitsMustNotExceedCredits: false, creditsMustNotExceedDebits: true },
    ],
    ['platform:test:mpesa_collections_memo:5123456', { shortcode: '5123456', mode: 'test', kind: 'mpesa_collections_memo', memo: true }],
    ['platform:live:mpesa_collections:unattributed', { shortcode: 'unattributed', kind: 'mpesa_collections' }],
  ])('parses %s', (code, expected) => {
    expect(parseAccountCode(code)).toMatchObject({ code, ...expected });
  });

  it.each([
    'merchant:m_1:live',
    'merchant:m_1:service_wallet',
    'merchant:m_1:live:savings',
    'merchant::live:collections',
    'merchant:a:b:live:collections',
    'merchant:m_1:prod:collections',
    'platform:cash',
    'platform:mpesa_float',
    'platform:live:cash',
    'platform:live:fee_revenue:x',
    'platform:live:mpesa_collections',
    'platform:live:mpesa_collections:12',
    'platform:live:b2c_float:abc12',
    'mpesa_float',
    '',
  ])('refuses %j', (code) => {
    expect(() => parseAccountCode(code)).toThrow(InvalidAccountCodeError);
  });

  it('lists the seeded platform accounts of both modes', () => {
    expect(platformAccounts().map((a) => a.code)).toEqual([
      'platform:test:fee_revenue',
      'platform:test:funding',
      'platform:test:suspense',
      'platform:live:fee_revenue',
      'platform:live:funding',
      'platform:live:suspense',
    ]);
    expect(platformAccountCode('live', 'suspense')).toBe('platform:live:suspense');
    expect(shortcodeAccountCode('test', 'b2c_float', '600000')).toBe('platform:test:b2c_float:600000');
    expect(() => shortcodeAccountCode('test', 'b2c_float', '60')).toThrow(InvalidAccountCodeError);
  });

  it('opens four accounts per merchant and mode, all never below zero', () => {
    const accounts = merchantAccounts('m_9');
    expect(accounts.map((a) => `${a.mode}:${a.kind}`)).toEqual([
      'test:service_wallet',
      'test:b2c_wallet',
      'test:collections',
      'test:own_collections_memo',
      'live:service_wallet',
      'live:b2c_wallet',
      'live:collections',
      'live:own_collections_memo',
    ]);
    expect(accounts.every((a) => a.merchantId === 'm_9' && a.debitsMustNotExceedCredits)).toBe(true);
  });
});

describe('collectionAccounts', () => {
  it.each([
    ['live', '174379', false, 'platform:live:mpesa_collections:174379', 'merchant:m_1:live:collections'],
    ['test', '174379', false, 'platform:test:mpesa_collections:174379', 'merchant:m_1:test:collections'],
    ['live', 'unattributed', false, 'platform:live:mpesa_collections:unattributed', 'merchant:m_1:live:collections'],
    ['live', '5123456', true, 'platform:live:mpesa_collections_memo:5123456', 'merchant:m_1:live:own_collections_memo'],
    ['test', '5123456', true, 'platform:test:mpesa_collections_memo:5123456', 'merchant:m_1:test:own_collections_memo'],
  ] as const)('posts a %s collection on %s (own %s) from %s to %s', (mode, shortcode, ownShortcode, debitCode, creditCode) => {
    expect(collectionAccounts({ merchantId: 'm_1', mode, shortcode, ownShortcode })).toEqual({ debitCode, creditCode });
  });
});
