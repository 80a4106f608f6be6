import { MAX_MINOR_UNITS } from './minor-units';
import { TransferRequest, balanceAfter, sameMovement, transferProblems } from './transfer-rules';

const valid: TransferRequest = {
  id: 'payment:txn_1',
  debitCode: 'platform:mpesa_float',
  creditCode: 'merchant:m_1:collections',
  amountMinor: 150000n,
  kind: 'stk_collection',
};

describe('transfer validation', () => {
  it('accepts a well-formed transfer', () => {
    expect(transferProblems(valid)).toEqual([]);
  });

  it.each<[string, Partial<TransferRequest>, RegExp]>([
    ['a zero amount', { amountMinor: 0n }, /greater than zero/],
    ['a negative amount', { amountMinor: -1n }, /greater than zero/],
    ['an amount past 64 bits', { amountMinor: MAX_MINOR_UNITS + 1n }, /64-bit/],
    ['a number instead of a bigint', { amountMinor: 100 as unknown as bigint }, /bigint/],
    ['debit equal to credit', { creditCode: 'platform:mpesa_float' }, /must differ/],
    ['an unknown debit account', { debitCode: 'platform:cash' }, /^debit:/],
    ['an unknown credit account', { creditCode: 'merchant:m_1:savings' }, /^credit:/],
    ['an empty id', { id: '' }, /id must be/],
    ['a blank id', { id: '   ' }, /id must be/],
    ['a huge id', { id: 'x'.repeat(201) }, /id must be/],
    ['a kind that is not snake_case', { kind: 'STK Collection' }, /kind/],
  ])('refuses %s', (_name, change, problem) => {
    const problems = transferProblems({ ...valid, ...change });
    expect(problems.some((p) => problem.test(p))).toBe(true);
  });
});

describe('balance after a leg', () => {
  it.each<[bigint, bigint, 'debit' | 'credit', boolean, bigint | null]>([
    [100n, 100n, 'debit', false, 0n],
    [100n, 101n, 'debit', false, null],
    [0n, 1n, 'debit', false, null],
    [0n, 1n, 'debit', true, -1n],
    [-5n, 10n, 'credit', false, 5n],
    [9007199254740992n, 1n, 'credit', false, 9007199254740993n],
    [-9007199254740992n, 1n, 'debit', true, -9007199254740993n],
  ])('%s %s by %s (allow negative %s) → %s', (balance, amount, side, allowNegative, expected) => {
    expect(balanceAfter(balance, amount, side, allowNegative)).toBe(expected);
  });
});

describe('same movement', () => {
  it.each<[string, Partial<TransferRequest>, boolean]>([
    ['identical', {}, true],
    ['a different reference only', { reference: 'other' }, true],
    ['another amount', { amountMinor: 1n }, false],
    ['another credit account', { creditCode: 'merchant:m_2:collections' }, false],
    ['another debit account', { debitCode: 'platform:suspense' }, false],
    ['another kind', { kind: 'wallet_top_up' }, false],
  ])('%s → %s', (_name, change, expected) => {
    expect(sameMovement(valid, { ...valid, ...change })).toBe(expected);
  });
});
