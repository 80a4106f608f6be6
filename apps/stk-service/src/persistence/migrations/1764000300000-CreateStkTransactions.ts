import { migrationSchema } from '@lipa/platform';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateStkTransactions1764000300000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = migrationSchema(queryRunner);
    await queryRunner.query(`
      CREATE TABLE "${schema}".stk_transactions (
        id text PRIMARY KEY,
        merchant_id text NOT NULL,
        mode text NOT NULL CHECK (mode IN ('test', 'live')),
        -- initiating: row written, Daraja not yet answered; unknown: Daraja may or may not have sent the prompt
        status text NOT NULL CHECK (status IN ('initiating', 'unknown', 'pending', 'completed', 'failed', 'cancelled', 'timeout')),
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        phone text NOT NULL,
        reference text NOT NULL,
        description text,
        callback_url text,
        idempotency_key text,
        checkout_request_id text UNIQUE,
        merchant_request_id text,
        result_code text,
        result_desc text,
        transaction_code text,
        fee_minor bigint NOT NULL DEFAULT 0,
        -- the merchant's request id, carried into the payment's events and webhook logs
        correlation_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX stk_transactions_idempotency_idx ON "${schema}".stk_transactions (merchant_id, idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX stk_transactions_merchant_created_idx ON "${schema}".stk_transactions (merchant_id, created_at DESC)`);
    await queryRunner.query(
      `CREATE INDEX stk_transactions_open_idx ON "${schema}".stk_transactions (created_at) WHERE status IN ('initiating', 'unknown', 'pending')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "${migrationSchema(queryRunner)}".stk_transactions`);
  }
}
