/** The ledger's own Postgres schema (DESIGN.md §1: no service reads another's). */
export const LEDGER_SCHEMA = 'ledger';
