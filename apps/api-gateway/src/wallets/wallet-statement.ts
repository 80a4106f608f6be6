import type { LedgerStatementEntry } from '@lipa/contracts';
import { minorToKes } from '@lipa/money';

/** One statement line as merchants see it: KES, signed by direction, with the balance after it. */
export function statementEntryView(e: LedgerStatementEntry) {
  const amount = minorToKes(e.amount_minor);
  return {
    transfer_id: e.transfer_id,
    type: e.code,
    direction: e.direction,
    amount: e.direction === 'debit' ? -amount : amount,
    balance_after: minorToKes(e.balance_after_minor),
    reference: e.reference,
    cause_type: e.cause_type,
    cause_id: e.cause_id,
    created_at: e.created_at,
  };
}

/** The CSV columns, in order; the same fields as the JSON rows. */
export const STATEMENT_CSV_COLUMNS = [
  'created_at',
  'transfer_id',
  'type',
  'direction',
  'amount',
  'balance_after',
  'reference',
  'cause_type',
  'cause_id',
] as const;
