/**
 * Recomputes the ledger from its transfers and lists every difference from the stored state
 * (`npm run ledger:verify`, scripts/ledger-verify.ts; and the property test). Read-only.
 *
 * - balance: credits − debits of the account's posted transfers (`single` and `post_pending`);
 * - held / pending credits: the amounts of the open holds debiting / crediting it;
 * - flags: no account below what its flags allow;
 * - holds: each posted hold has exactly its one posting transfer, for the amount recorded;
 * - the sum of all balances is zero (every transfer debits and credits the same amount).
 */
export interface LedgerDifference {
  check: 'balance' | 'held' | 'pending_credits' | 'flag' | 'hold_posting' | 'sum';
  subject: string;
  stored: string;
  recomputed: string;
}

export type Query = (sql: string) => Promise<Record<string, unknown>[]>;

const DIFFERENCES_SQL = `
  WITH posted AS (
    SELECT account_id, sum(delta) AS balance FROM (
      SELECT credit_account_id AS account_id, amount_minor AS delta FROM ledger.transfers WHERE type <> 'pending'
      UNION ALL SELECT debit_account_id, -amount_minor FROM ledger.transfers WHERE type <> 'pending') l
    GROUP BY account_id),
  held AS (SELECT debit_account_id AS account_id, sum(amount_minor) AS amount FROM ledger.transfers WHERE hold_state = 'pending' GROUP BY 1),
  promised AS (SELECT credit_account_id AS account_id, sum(amount_minor) AS amount FROM ledger.transfers WHERE hold_state = 'pending' GROUP BY 1),
  accounts AS (
    SELECT a.code, a.balance_minor, a.held_minor, a.pending_credits_minor, a.debits_must_not_exceed_credits, a.credits_must_not_exceed_debits,
           COALESCE(p.balance, 0) AS balance, COALESCE(h.amount, 0) AS held, COALESCE(pr.amount, 0) AS promised
      FROM ledger.accounts a
      LEFT JOIN posted p ON p.account_id = a.id LEFT JOIN held h ON h.account_id = a.id LEFT JOIN promised pr ON pr.account_id = a.id)
  SELECT 'balance' AS check, code AS subject, balance_minor::text AS stored, balance::text AS recomputed FROM accounts WHERE balance_minor <> balance
  UNION ALL SELECT 'held', code, held_minor::text, held::text FROM accounts WHERE held_minor <> held
  UNION ALL SELECT 'pending_credits', code, pending_credits_minor::text, promised::text FROM accounts WHERE pending_credits_minor <> promised
  UNION ALL SELECT 'flag', code, balance_minor::text, 'debits_must_not_exceed_credits' FROM accounts WHERE debits_must_not_exceed_credits AND balance_minor - held_minor < 0
  UNION ALL SELECT 'flag', code, balance_minor::text, 'credits_must_not_exceed_debits' FROM accounts WHERE credits_must_not_exceed_debits AND balance_minor + pending_credits_minor > 0
  UNION ALL SELECT 'hold_posting', h.id, COALESCE(h.posted_amount_minor::text, h.hold_state), COALESCE(p.amount_minor::text, 'none')
    FROM ledger.transfers h LEFT JOIN ledger.transfers p ON p.pending_id = h.id
   WHERE h.type = 'pending' AND ((h.hold_state = 'posted') <> (p.id IS NOT NULL) OR p.amount_minor IS DISTINCT FROM h.posted_amount_minor)
  UNION ALL SELECT 'sum', 'all accounts', COALESCE(sum(balance_minor), 0)::text, '0' FROM ledger.accounts HAVING COALESCE(sum(balance_minor), 0) <> 0
  ORDER BY 1, 2`;

export async function ledgerDifferences(query: Query): Promise<LedgerDifference[]> {
  return (await query(DIFFERENCES_SQL)) as unknown as LedgerDifference[];
}
