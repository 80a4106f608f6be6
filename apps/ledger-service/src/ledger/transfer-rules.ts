import { parseAccountCode } from './account-codes';
import { MAX_MINOR_UNITS } from './minor-units';

export interface TransferRequest {
  /** The idempotency key: posting the same id twice has one effect. */
  id: string;
  debitCode: string;
  creditCode: string;
  amountMinor: bigint;
  /** What moved the money, e.g. `stk_collection`, `service_fee`, `wallet_top_up`. */
  kind: string;
  reference?: string | null;
  metadata?: Record<string, unknown>;
}

const TRANSFER_KIND = /^[a-z][a-z0-9_]{0,63}$/;
const MAX_ID_LENGTH = 200;

/** Every reason a transfer is refused before it touches the database; [] means it may be posted. */
export function transferProblems(t: TransferRequest): string[] {
  const problems: string[] = [];
  if (typeof t.id !== 'string' || t.id.trim() === '' || t.id.length > MAX_ID_LENGTH) problems.push(`id must be 1..${MAX_ID_LENGTH} characters`);
  if (typeof t.amountMinor !== 'bigint') problems.push('amount must be a bigint of minor units');
  else if (t.amountMinor <= 0n) problems.push('amount must be greater than zero');
  else if (t.amountMinor > MAX_MINOR_UNITS) problems.push('amount is outside the 64-bit range');
  if (t.debitCode === t.creditCode) problems.push('debit and credit accounts must differ');
  for (const [side, code] of [
    ['debit', t.debitCode],
    ['credit', t.creditCode],
  ] as const) {
    try {
      parseAccountCode(code);
    } catch (error) {
      problems.push(`${side}: ${(error as Error).message}`);
    }
  }
  if (typeof t.kind !== 'string' || !TRANSFER_KIND.test(t.kind)) problems.push('kind must be snake_case');
  return problems;
}

/**
 * The balance after a leg, or null when an account that may not go negative would. Mirrors the
 * conditional UPDATE the repository runs (`WHERE allow_negative OR balance_minor >= amount`).
 */
export function balanceAfter(balanceMinor: bigint, amountMinor: bigint, side: 'debit' | 'credit', allowNegative: boolean): bigint | null {
  const next = side === 'debit' ? balanceMinor - amountMinor : balanceMinor + amountMinor;
  if (!allowNegative && next < 0n) return null;
  return next;
}

/** Transfers ever posted under one id must describe the same movement of money. */
export function sameMovement(
  a: Pick<TransferRequest, 'debitCode' | 'creditCode' | 'amountMinor' | 'kind'>,
  b: Pick<TransferRequest, 'debitCode' | 'creditCode' | 'amountMinor' | 'kind'>,
): boolean {
  return a.debitCode === b.debitCode && a.creditCode === b.creditCode && a.amountMinor === b.amountMinor && a.kind === b.kind;
}
