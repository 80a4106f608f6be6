import { MAX_MINOR } from '@lipa/money';
import { AccountSpec, InvalidAccountCodeError, parseAccountCode } from './account-codes';

export interface TransferRequest {
  /** The idempotency key: posting the same id twice has one effect. */
  id: string;
  debitCode: string;
  creditCode: string;
  amountMinor: bigint;
  /** What moved the money: `stk_collection`, `fee`, `top_up`, `adjustment`, `payout`, `settlement`… */
  code: string;
  /** What caused it, e.g. `stk_transaction` / `txn_…`; a transfer without a cause cannot be audited. */
  causeType: string;
  causeId: string;
  reference?: string | null;
  metadata?: Record<string, unknown>;
  /** Set for a hold (pending transfer): it expires this long after it is placed unless posted or voided. */
  timeoutMs?: number;
}

const SNAKE_CASE = /^[a-z][a-z0-9_]{0,63}$/;
const MAX_ID_LENGTH = 200;
const MAX_CAUSE_ID_LENGTH = 200;
/** Holds last at most 30 days: a longer reservation is a forgotten one. */
export const MAX_HOLD_TIMEOUT_MS = 30 * 24 * 3600 * 1000;
const MAX_METADATA_BYTES = 4096;

function validId(id: unknown, max: number): boolean {
  return typeof id === 'string' && id.trim() !== '' && id.length <= max;
}

/** Every reason a transfer is refused before it touches the database; [] means it may be posted. */
export function transferProblems(t: TransferRequest): string[] {
  const problems: string[] = [];
  if (!validId(t.id, MAX_ID_LENGTH)) problems.push(`id must be 1..${MAX_ID_LENGTH} characters`);
  problems.push(...amountProblems(t.amountMinor));
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
  if (typeof t.code !== 'string' || !SNAKE_CASE.test(t.code)) problems.push('code must be snake_case');
  if (typeof t.causeType !== 'string' || !SNAKE_CASE.test(t.causeType)) problems.push('cause_type must be snake_case');
  if (!validId(t.causeId, MAX_CAUSE_ID_LENGTH)) problems.push(`cause_id must be 1..${MAX_CAUSE_ID_LENGTH} characters`);
  if (t.metadata !== undefined && (typeof t.metadata !== 'object' || t.metadata === null || Array.isArray(t.metadata)))
    problems.push('metadata must be an object');
  else if (t.metadata !== undefined && JSON.stringify(t.metadata).length > MAX_METADATA_BYTES)
    problems.push(`metadata must be at most ${MAX_METADATA_BYTES} bytes`);
  if (t.timeoutMs !== undefined && (!Number.isSafeInteger(t.timeoutMs) || t.timeoutMs < 1 || t.timeoutMs > MAX_HOLD_TIMEOUT_MS))
    problems.push(`timeout must be 1..${MAX_HOLD_TIMEOUT_MS} ms`);
  return problems;
}

export function amountProblems(amountMinor: unknown): string[] {
  if (typeof amountMinor !== 'bigint') return ['amount must be a bigint of minor units'];
  if (amountMinor <= 0n) return ['amount must be greater than zero'];
  if (amountMinor > MAX_MINOR) return ['amount is outside the 64-bit range'];
  return [];
}

/**
 * Why two accounts may not meet in one transfer: test money never meets live money, and memo
 * accounts (money the platform reports but does not hold) never meet accounts of money it holds.
 * Returns the error code, or null when the pair is allowed.
 */
export function pairProblem(debit: AccountSpec, credit: AccountSpec): 'transfer_mixes_modes' | 'memo_transfer_mixes_accounts' | null {
  if (debit.mode !== credit.mode) return 'transfer_mixes_modes';
  if (debit.memo !== credit.memo) return 'memo_transfer_mixes_accounts';
  return null;
}

export function specsOf(t: Pick<TransferRequest, 'debitCode' | 'creditCode'>): { debit: AccountSpec; credit: AccountSpec } {
  return { debit: parseAccountCode(t.debitCode), credit: parseAccountCode(t.creditCode) };
}

export { InvalidAccountCodeError };

/** JSON with sorted keys, so metadata stored as jsonb compares equal to the request's. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface TransferContent {
  debitCode: string;
  creditCode: string;
  amountMinor: bigint;
  code: string;
  causeType: string;
  causeId: string;
  reference: string | null;
  metadata: Record<string, unknown>;
  pending: boolean;
}

export function contentOf(t: TransferRequest): TransferContent {
  return {
    debitCode: t.debitCode,
    creditCode: t.creditCode,
    amountMinor: t.amountMinor,
    code: t.code,
    causeType: t.causeType,
    causeId: t.causeId,
    reference: t.reference ?? null,
    metadata: t.metadata ?? {},
    pending: t.timeoutMs !== undefined,
  };
}

/**
 * The same id may be sent again only with the same content; anything else is a caller reusing an
 * idempotency key for another movement, which would otherwise lose money silently. The timeout is
 * relative to the first placement, so only whether it was a hold is compared.
 */
export function sameContent(a: TransferContent, b: TransferContent): boolean {
  return (
    a.debitCode === b.debitCode &&
    a.creditCode === b.creditCode &&
    a.amountMinor === b.amountMinor &&
    a.code === b.code &&
    a.causeType === b.causeType &&
    a.causeId === b.causeId &&
    a.reference === b.reference &&
    a.pending === b.pending &&
    canonicalJson(a.metadata) === canonicalJson(b.metadata)
  );
}
