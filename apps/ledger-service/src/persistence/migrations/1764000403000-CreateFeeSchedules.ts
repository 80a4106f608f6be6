import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fee schedules per scope and transaction type (apps/ledger-service/README.md, "Fees"), stored in
 * @lipa/money's JSON form (feeScheduleToJson). The platform's row for a type is absent until an
 * admin sets one (DEFAULT_FEE_SCHEDULES applies); a merchant's row is its override. `merchant_id`
 * is '' for the platform so the primary key can cover both scopes.
 */
export class CreateFeeSchedules1764000403000 implements MigrationInterface {
  name = 'CreateFeeSchedules1764000403000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ledger.fee_schedules (
        scope text NOT NULL CHECK (scope IN ('platform', 'merchant')),
        merchant_id text NOT NULL DEFAULT '',
        transaction_type text NOT NULL CHECK (transaction_type IN ('stk', 'c2b', 'b2c', 'b2b')),
        schedule jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, merchant_id, transaction_type),
        CONSTRAINT fee_schedules_scope_merchant CHECK ((scope = 'platform') = (merchant_id = ''))
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ledger.fee_schedules`);
  }
}
