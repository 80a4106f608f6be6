import { migrationSchema } from '@lipa/platform';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The merchant wallet a top-up push credits (InitiateStkPushV1.top_up_wallet); NULL for an ordinary sale,
 * which is every row from before.
 */
export class AddStkTopUpWallet1764000320000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = migrationSchema(queryRunner);
    await queryRunner.query(`ALTER TABLE "${schema}".stk_transactions ADD COLUMN top_up_wallet text CHECK (top_up_wallet IN ('service_wallet', 'b2c_wallet'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = migrationSchema(queryRunner);
    await queryRunner.query(`ALTER TABLE "${schema}".stk_transactions DROP COLUMN top_up_wallet`);
  }
}
