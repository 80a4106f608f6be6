import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactions read model (docs/design.md §1; apps/ledger-service/README.md, "Transactions"): one
 * row per money movement a merchant sees in `GET /v1/transactions`, built from the events that
 * describe it. `type` is free text, so kinds beyond `stk_push` land without a migration. `fee_minor`
 * is null until an event said it (a completion can arrive before its initiation). The index serves
 * the listing, newest first, per merchant and mode.
 */
export class CreateTransactions1764000404000 implements MigrationInterface {
  name = 'CreateTransactions1764000404000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ledger.transactions (
        merchant_id text NOT NULL,
        mode text NOT NULL CHECK (mode IN ('test', 'live')),
        transaction_id text NOT NULL,
        type text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'completed', 'failed', 'cancelled', 'timeout')),
        amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
        phone text,
        reference text,
        transaction_code text,
        fee_minor bigint CHECK (fee_minor >= 0),
        fee_deducted boolean NOT NULL DEFAULT false,
        payment_id text,
        created_at timestamptz NOT NULL,
        completed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (merchant_id, transaction_id)
      )`);
    await queryRunner.query(`CREATE INDEX transactions_listing ON ledger.transactions (merchant_id, mode, created_at DESC, transaction_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ledger.transactions`);
  }
}
