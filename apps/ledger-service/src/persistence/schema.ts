/** The ledger's own Postgres schema (docs/design.md §1: no service reads another's). */
export const LEDGER_SCHEMA = 'ledger';
