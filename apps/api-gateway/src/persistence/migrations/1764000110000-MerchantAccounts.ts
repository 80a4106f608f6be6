import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a merchant's own account needs: optional phone, roles, live approval, the per-merchant
 * switches and subscription, rate-limit overrides, payment accounts (with the merchant's own Daraja
 * app sealed at rest), the admin audit log and global settings.
 */
export class MerchantAccounts1764000110000 implements MigrationInterface {
  name = 'MerchantAccounts1764000110000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE gateway.merchants ALTER COLUMN phone DROP NOT NULL`);
    await queryRunner.query(`
      ALTER TABLE gateway.merchants
        ADD COLUMN role text NOT NULL DEFAULT 'merchant' CHECK (role IN ('merchant', 'admin')),
        ADD COLUMN live_approved_at timestamptz NULL,
        ADD COLUMN suspended_at timestamptz NULL,
        ADD COLUMN suspension_reason text NULL,
        ADD COLUMN withdrawal_enabled boolean NOT NULL DEFAULT false,
        ADD COLUMN send_money_enabled boolean NOT NULL DEFAULT false,
        ADD COLUMN auto_b2c_enabled boolean NOT NULL DEFAULT false,
        ADD COLUMN subscription_plan text NULL,
        ADD COLUMN subscription_expires_at timestamptz NULL,
        ADD COLUMN rate_limit_per_minute integer NULL CHECK (rate_limit_per_minute > 0),
        ADD COLUMN payment_account_seq integer NOT NULL DEFAULT 0,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await queryRunner.query(`CREATE INDEX merchants_created_idx ON gateway.merchants (created_at DESC, id)`);

    // Log-out and expiry end a session; a suspended merchant's sessions fail through the join.
    await queryRunner.query(`CREATE INDEX sessions_merchant_idx ON gateway.sessions (merchant_id)`);

    await queryRunner.query(`
      CREATE TABLE gateway.payment_accounts (
        id text PRIMARY KEY,
        merchant_id text NOT NULL REFERENCES gateway.merchants (id),
        payment_id text NOT NULL CHECK (payment_id ~ '^#[0-9]{5}$'),
        mode text NOT NULL CHECK (mode IN ('test', 'live')),
        type text NOT NULL CHECK (type IN ('paybill', 'till')),
        number text NOT NULL,
        store_number text NULL,
        account_reference text NULL,
        label text NULL,
        is_primary boolean NOT NULL DEFAULT false,
        daraja_app_sealed text NULL,
        daraja_consumer_key_last4 text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX payment_accounts_payment_id_key ON gateway.payment_accounts (merchant_id, payment_id)`);
    // At most one primary per merchant and mode; the index, not a read-then-write, guarantees it.
    await queryRunner.query(`CREATE UNIQUE INDEX payment_accounts_primary_key ON gateway.payment_accounts (merchant_id, mode) WHERE is_primary`);
    // A real paybill or till collects for one merchant only (its payments are told apart by shortcode);
    // sandbox shortcodes such as 174379 or 600000 are shared by everyone, so test accounts may repeat.
    await queryRunner.query(`CREATE UNIQUE INDEX payment_accounts_live_number_key ON gateway.payment_accounts (type, number) WHERE mode = 'live'`);

    await queryRunner.query(`
      CREATE TABLE gateway.audit_log (
        id bigserial PRIMARY KEY,
        actor_id text NOT NULL,
        action text NOT NULL,
        target_type text NOT NULL,
        target_id text NULL,
        before jsonb NULL,
        after jsonb NULL,
        request_id text NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX audit_log_target_idx ON gateway.audit_log (target_type, target_id, id DESC)`);

    // 'unknown': the request's outcome below the gateway is not known, so its key is never freed.
    await queryRunner.query(`ALTER TABLE gateway.idempotency_records DROP CONSTRAINT idempotency_records_status_check`);
    await queryRunner.query(
      `ALTER TABLE gateway.idempotency_records ADD CONSTRAINT idempotency_records_status_check CHECK (status IN ('in_progress', 'completed', 'unknown'))`,
    );

    await queryRunner.query(`
      CREATE TABLE gateway.settings (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`INSERT INTO gateway.settings (key, value) VALUES ('auto_b2c_enabled', 'false'::jsonb)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS gateway.settings`);
    await queryRunner.query(`DROP TABLE IF EXISTS gateway.audit_log`);
    await queryRunner.query(`DROP TABLE IF EXISTS gateway.payment_accounts`);
    await queryRunner.query(`DROP INDEX IF EXISTS gateway.sessions_merchant_idx`);
    await queryRunner.query(`DROP INDEX IF EXISTS gateway.merchants_created_idx`);
    await queryRunner.query(`
      ALTER TABLE gateway.merchants
        DROP COLUMN role, DROP COLUMN live_approved_at, DROP COLUMN suspended_at, DROP COLUMN suspension_reason,
        DROP COLUMN withdrawal_enabled, DROP COLUMN send_money_enabled, DROP COLUMN auto_b2c_enabled,
        DROP COLUMN subscription_plan, DROP COLUMN subscription_expires_at, DROP COLUMN rate_limit_per_minute,
        DROP COLUMN payment_account_seq, DROP COLUMN updated_at`);
  }
}
