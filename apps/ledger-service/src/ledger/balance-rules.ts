import { MAX_MINOR } from '@lipa/money';
import { AccountFlags } from './account-codes';

/** An account as locked inside the transaction: what the rules need to decide. */
export interface AccountState extends AccountFlags {
  id: string;
  balanceMinor: bigint;
  /** Debits reserved by open holds; available = balance − held. */
  heldMinor: bigint;
  /** Credits promised by open holds (counted against credits_must_not_exceed_debits). */
  pendingCreditsMinor: bigint;
}

/** One change to a pair of accounts. `hold` is the held amount a post/void/expiry releases. */
export type Movement =
  | { type: 'single'; amountMinor: bigint }
  | { type: 'pending'; amountMinor: bigint }
  | { type: 'post_pending'; holdMinor: bigint; amountMinor: bigint }
  | { type: 'release'; holdMinor: bigint };

export type MovementRefusal = 'insufficient_funds' | 'credits_exceed_debits' | 'balance_out_of_range';

function inRange(v: bigint): boolean {
  return v <= MAX_MINOR && v >= -MAX_MINOR;
}

/**
 * Applies a movement to the debit and credit accounts (mutating both), or returns why not and
 * leaves them unchanged. Only the side a movement can worsen is checked: a debit or a hold against
 * debits_must_not_exceed_credits on the debit account, a credit or pending credit against
 * credits_must_not_exceed_debits on the credit account. Mirrors the CHECK constraints of
 * 1764000401000-AccountChartAndHolds.ts, which back it up.
 */
export function applyMovement(debit: AccountState, credit: AccountState, m: Movement): MovementRefusal | null {
  let dBalance = debit.balanceMinor;
  let dHeld = debit.heldMinor;
  let cBalance = credit.balanceMinor;
  let cPending = credit.pendingCreditsMinor;
  switch (m.type) {
    case 'single':
      dBalance -= m.amountMinor;
      cBalance += m.amountMinor;
      break;
    case 'pending':
      dHeld += m.amountMinor;
      cPending += m.amountMinor;
      break;
    case 'post_pending':
      dHeld -= m.holdMinor;
      dBalance -= m.amountMinor;
      cPending -= m.holdMinor;
      cBalance += m.amountMinor;
      break;
    case 'release':
      dHeld -= m.holdMinor;
      cPending -= m.holdMinor;
      break;
  }
  if (![dBalance, dHeld, cBalance, cPending, dBalance - dHeld, cBalance + cPending].every(inRange)) return 'balance_out_of_range';
  const worsensDebit = m.type === 'single' || m.type === 'pending';
  const worsensCredit = m.type !== 'release';
  if (worsensDebit && debit.debitsMustNotExceedCredits && dBalance - dHeld < 0n) return 'insufficient_funds';
  if (worsensCredit && credit.creditsMustNotExceedDebits && cBalance + cPending > 0n) return 'credits_exceed_debits';
  debit.balanceMinor = dBalance;
  debit.heldMinor = dHeld;
  credit.balanceMinor = cBalance;
  credit.pendingCreditsMinor = cPending;
  return null;
}
