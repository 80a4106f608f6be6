import { MAX_MINOR } from '@lipa/money';
import { parseAccountCode } from './account-codes';
import { TransferRequest, canonicalJson, contentOf, pairProblem, sameContent, transferProblems } from './transfer-rules';

const valid: TransferRequest = {
  id: 'payment:txn_1',
  debitCode: 'platform:live:mpesa_collections:174379',
  creditCode: 'merchant:m_1:live:collections',
  amountMinor: 150000n,
  code: 'stk_collection',
  causeType: 'stk_transaction',
  causeId: 'txn_1',
  metadata: { a: 1 },
};

describe('transfer validation', () => {
  it('accepts a well-formed transfer and a well-formed hold', () => {
    expect(transferProblems(valid)).toEqual([]);
    expect(transferProblems({ ...valid, timeoutMs: 60_000 })).toEqual([]);
  });

  it.each<[string, Partial<TransferRequest>, RegExp]>([
    ['a zero amount', { amountMinor: 0n }, /greater than zero/],
    ['a negative amount', { amountMinor: -1n }, /greater than zero/],
    ['an amount past 64 bits', { amountMinor: MAX_MINOR + 1n }, /64-bit/],
    ['a number instead of a bigint', { amountMinor: 100 as unknown as bigint }, /bigint/],
    ['debit equal to credit', { creditCode: 'platform:live:mpesa_collections:174379' }, /must differ/],
    ['an unknown debit account', { debitCode: 'platform:cash' }, /^debit:/],
    ['an unknown credit account', { creditCode: 'merchant:m_1:live:savings' }, /^credit:/],
    ['an empty id', { id: '' }, /id must be/],
    ['a blank id', { id: '   ' }, /id must be/],
    ['a huge id', { id: 'x'.repeat(201) }, /id must be/],
    ['a code that is not snake_case', { code: 'STK Collection' }, /^code/],
    ['a missing cause type', { causeType: '' }, /cause_type/],
    ['a missing cause id', { causeId: '' }, /cause_id/],
    ['metadata that is an array', { metadata: [] as unknown as Record<string, unknown> }, /metadata/],
    ['huge metadata', { metadata: { x: 'y'.repeat(5000) } }, /metadata/],
    ['a zero timeout', { timeoutMs: 0 }, /timeout/],
    ['a fractional timeout', { timeoutMs: 1.5 }, /timeout/],
    ['a timeout past 30 days', { timeoutMs: 31 * 24 * 3600 * 1000 }, /timeout/],
  ])('refuses %s', (_name, change, problem) => {
    const problems = transferProblems({ ...valid, ...change });
    expect(problems.some((p) => problem.test(p))).toBe(true);
  });
});

describe('which accounts may meet', () => {
  it.each([
    ['live wallet → live fee revenue', 'merchant:m_1:live:service_wallet', 'platform:live:fee_revenue', null],
    ['test money → live money', 'platform:test:funding', 'merchant:m_1:live:b2c_wallet', 'transfer_mixes_modes'],
    ['live money → test money', 'merchant:m_1:live:collections', 'merchant:m_1:test:b2c_wallet', 'transfer_mixes_modes'],
    ['memo → memo', 'platform:live:mpesa_collections_memo:5123456', 'merchant:m_1:live:own_collections_memo', null],
    ['memo → held money', 'merchant:m_1:live:own_collections_memo', 'merchant:m_1:live:b2c_wallet', 'memo_transfer_mixes_accounts'],
    ['held money → memo', 'platform:live:mpesa_collections:174379', 'merchant:m_1:live:own_collections_memo', 'memo_transfer_mixes_accounts'],
  ])('%s → %s', (_name, debit, credit, expected) => {
    expect(pairProblem(parseAccountCode(debit), parseAccountCode(credit))).toBe(expected);
  });
});

describe('same content', () => {
  it.each<[string, Partial<TransferRequest>, boolean]>([
    ['identical', {}, true],
    ['metadata with keys in another order', { metadata: { a: 1 } }, true],
    ['another reference', { reference: 'other' }, false],
    ['another amount', { amountMinor: 1n }, false],
    ['another credit account', { creditCode: 'merchant:m_2:live:collections' }, false],
    ['another debit account', { debitCode: 'platform:live:suspense' }, false],
    ['another code', { code: 'top_up' }, false],
    ['another cause', { causeId: 'txn_2' }, false],
    ['other metadata', { metadata: { a: 2 } }, false],
    ['a hold instead of a transfer', { timeoutMs: 1000 }, false],
  ])('%s → %s', (_name, change, expected) => {
    expect(sameContent(contentOf(valid), contentOf({ ...valid, ...change }))).toBe(expected);
  });

  it('writes JSON with sorted keys at every depth', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[{"c":2,"d":1}]}');
  });
});
