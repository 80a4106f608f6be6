import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts with their running balance and transfers keyed by their idempotency key.
 * Sign convention: a debit lowers a balance, a credit raises it, so the sum of all balances is zero.
 */
export class CreateLedger1764000400000 implements MigrationInterface {
  name = 'CreateLedger1764000400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ledger.accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        merchant_id text NULL,
        kind text NOT NULL,
        balance_minor bigint NOT NULL DEFAULT 0,
        allow_negative boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT accounts_balance_not_negative CHECK (allow_negative OR balance_minor >= 0),
        CONSTRAINT accounts_merchant_kind CHECK (
          (merchant_id IS NOT NULL AND kind IN ('service_wallet', 'b2c_wallet', 'collections', 'test_collections'))
          OR (merchant_id IS NULL AND kind IN ('mpesa_float', 'fee_revenue', 'suspense', 'test_mpesa_float')))
      )`);
    await queryRunner.query(`CREATE INDEX accounts_merchant_idx ON ledger.accounts (merchant_id) WHERE merchant_id IS NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE ledger.transfers (
        id text PRIMARY KEY,
        debit_account_id uuid NOT NULL REFERENCES ledger.accounts (id),
        credit_account_id uuid NOT NULL REFERENCES ledger.accounts (id),
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        kind text NOT NULL,
        reference text NULL,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT transfers_distinct_accounts CHECK (debit_account_id <> credit_account_id)
      )`);
    await queryRunner.query(`CREATE INDEX transfers_debit_idx ON ledger.transfers (debit_account_id, created_at)`);
    await queryRunner.query(`CREATE INDEX transfers_credit_idx ON ledger.transfers (credit_account_id, created_at)`);
    await queryRunner.query(`CREATE INDEX transfers_reference_idx ON ledger.transfers (reference) WHERE reference IS NOT NULL`);
    await queryRunner.query(`
      INSERT INTO ledger.accounts (code, merchant_id, kind, allow_negative) VALUES
        ('platform:mpesa_float', NULL, 'mpesa_float', true),
        ('platform:fee_revenue', NULL, 'fee_revenue', false),
        ('platform:suspense', NULL, 'suspense', true),
        ('platform:test_mpesa_float', NULL, 'test_mpesa_float', true)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS ledger.transfers`);
    await queryRunner.query(`DROP TABLE IF EXISTS ledger.accounts`);
  }
}
