import { MAX_MINOR } from '@lipa/money';
import { AccountState, Movement, MovementRefusal, applyMovement } from './balance-rules';

const account = (over: Partial<AccountState> = {}): AccountState => ({
  id: 'a',
  balanceMinor: 0n,
  heldMinor: 0n,
  pendingCreditsMinor: 0n,
  debitsMustNotExceedCredits: false,
  creditsMustNotExceedDebits: false,
  ...over,
});
const wallet = (balanceMinor: bigint, heldMinor = 0n) => account({ balanceMinor, heldMinor, debitsMustNotExceedCredits: true });
const float = (balanceMinor: bigint, pendingCreditsMinor = 0n) => account({ balanceMinor, pendingCreditsMinor, creditsMustNotExceedDebits: true });

type Row = [string, AccountState, AccountState, Movement, MovementRefusal | null, Partial<AccountState>, Partial<AccountState>];

describe('applyMovement', () => {
  it.each<Row>([
    ['a debit the wallet covers exactly', wallet(100n), account(), { type: 'single', amountMinor: 100n }, null, { balanceMinor: 0n }, { balanceMinor: 100n }],
    [
      'a debit one cent past the wallet',
      wallet(100n),
      account(),
      { type: 'single', amountMinor: 101n },
      'insufficient_funds',
      { balanceMinor: 100n },
      { balanceMinor: 0n },
    ],
    [
      'a debit past what holds leave available',
      wallet(100n, 60n),
      account(),
      { type: 'single', amountMinor: 41n },
      'insufficient_funds',
      { balanceMinor: 100n },
      {},
    ],
    [
      'a debit from an unflagged account going negative',
      account(),
      account(),
      { type: 'single', amountMinor: 5n },
      null,
      { balanceMinor: -5n },
      { balanceMinor: 5n },
    ],
    [
      'a hold within available',
      wallet(100n, 60n),
      account(),
      { type: 'pending', amountMinor: 40n },
      null,
      { balanceMinor: 100n, heldMinor: 100n },
      { pendingCreditsMinor: 40n },
    ],
    [
      'a hold past available',
      wallet(100n, 60n),
      account(),
      { type: 'pending', amountMinor: 41n },
      'insufficient_funds',
      { heldMinor: 60n },
      { pendingCreditsMinor: 0n },
    ],
    [
      'a full post of a hold',
      wallet(100n, 100n),
      account({ pendingCreditsMinor: 100n }),
      { type: 'post_pending', holdMinor: 100n, amountMinor: 100n },
      null,
      { balanceMinor: 0n, heldMinor: 0n },
      { balanceMinor: 100n, pendingCreditsMinor: 0n },
    ],
    [
      'a partial post releases the rest',
      wallet(100n, 100n),
      account({ pendingCreditsMinor: 100n }),
      { type: 'post_pending', holdMinor: 100n, amountMinor: 30n },
      null,
      { balanceMinor: 70n, heldMinor: 0n },
      { balanceMinor: 30n, pendingCreditsMinor: 0n },
    ],
    [
      'a release',
      wallet(100n, 100n),
      account({ pendingCreditsMinor: 100n }),
      { type: 'release', holdMinor: 100n },
      null,
      { balanceMinor: 100n, heldMinor: 0n },
      { pendingCreditsMinor: 0n },
    ],
    ['a credit within the float', account(), float(-100n), { type: 'single', amountMinor: 100n }, null, {}, { balanceMinor: 0n }],
    ['a credit past the float', account(), float(-100n), { type: 'single', amountMinor: 101n }, 'credits_exceed_debits', {}, { balanceMinor: -100n }],
    [
      'a pending credit past the float',
      account(),
      float(-100n, 50n),
      { type: 'pending', amountMinor: 51n },
      'credits_exceed_debits',
      {},
      { pendingCreditsMinor: 50n },
    ],
    [
      'a credit past 64 bits',
      account(),
      account({ balanceMinor: MAX_MINOR }),
      { type: 'single', amountMinor: 1n },
      'balance_out_of_range',
      {},
      { balanceMinor: MAX_MINOR },
    ],
    ['an above-2^53 debit', wallet(9_007_199_254_740_993n), account(), { type: 'single', amountMinor: 9_007_199_254_740_992n }, null, { balanceMinor: 1n }, {}],
  ])('%s', (_name, debit, credit, movement, refusal, debitAfter, creditAfter) => {
    expect(applyMovement(debit, credit, movement)).toBe(refusal);
    expect(debit).toMatchObject(debitAfter);
    expect(credit).toMatchObject(creditAfter);
  });
});
