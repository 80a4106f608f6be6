import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every transfer pays for every index on ledger.transfers (apps/ledger-service/bench/ledger.bench.ts).
 * The (account, created_at) indexes of CreateLedger are superseded by the (account, seq) ones of
 * AccountChartAndHolds (statements order by seq), and seq needs no unique index of its own: a
 * sequence fills it.
 */
export class TrimTransferIndexes1764000402000 implements MigrationInterface {
  name = 'TrimTransferIndexes1764000402000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS ledger.transfers_debit_idx`);
    await queryRunner.query(`DROP INDEX IF EXISTS ledger.transfers_credit_idx`);
    await queryRunner.query(`DROP INDEX IF EXISTS ledger.transfers_seq_idx`);
    // Balances change on every transfer: room on the page lets Postgres update in place (HOT).
    await queryRunner.query(`ALTER TABLE ledger.accounts SET (fillfactor = 70)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE ledger.accounts RESET (fillfactor)`);
    await queryRunner.query(`CREATE UNIQUE INDEX transfers_seq_idx ON ledger.transfers (seq)`);
    await queryRunner.query(`CREATE INDEX transfers_credit_idx ON ledger.transfers (credit_account_id, created_at)`);
    await queryRunner.query(`CREATE INDEX transfers_debit_idx ON ledger.transfers (debit_account_id, created_at)`);
  }
}
