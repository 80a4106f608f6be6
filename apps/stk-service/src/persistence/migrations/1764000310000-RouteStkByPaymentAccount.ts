import { migrationSchema } from '@lipa/platform';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a push was routed by, kept for reconciliation's STK query (which must name the same shortcode and
 * go through the same Daraja app), and the id of the command that created it (a redelivered command finds
 * its row instead of sending a second prompt). Rows from before have NULLs: the platform's paybill and app.
 */
export class RouteStkByPaymentAccount1764000310000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = migrationSchema(queryRunner);
    await queryRunner.query(`
      ALTER TABLE "${schema}".stk_transactions
        ADD COLUMN payment_id text,
        ADD COLUMN business_short_code text,
        ADD COLUMN party_b text,
        ADD COLUMN transaction_type text CHECK (transaction_type IN ('CustomerPayBillOnline', 'CustomerBuyGoodsOnline')),
        -- the merchant's own Daraja app exactly as api-gateway sealed it (AES-256-GCM, owner = merchant_id); never plaintext
        ADD COLUMN daraja_app_sealed text,
        ADD COLUMN command_id text`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX stk_transactions_command_idx ON "${schema}".stk_transactions (merchant_id, command_id) WHERE command_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = migrationSchema(queryRunner);
    await queryRunner.query(`DROP INDEX "${schema}".stk_transactions_command_idx`);
    await queryRunner.query(`
      ALTER TABLE "${schema}".stk_transactions
        DROP COLUMN payment_id, DROP COLUMN business_short_code, DROP COLUMN party_b,
        DROP COLUMN transaction_type, DROP COLUMN daraja_app_sealed, DROP COLUMN command_id`);
  }
}
