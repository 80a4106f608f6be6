import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Merchants, their API credentials, portal sessions and idempotency records (schema `gateway`). */
export class CreateGatewayTables1764000100000 implements MigrationInterface {
  name = 'CreateGatewayTables1764000100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE gateway.merchants (
        id text PRIMARY KEY,
        username text NOT NULL,
        email text NOT NULL CHECK (email = lower(email)),
        phone text NOT NULL,
        business_name text NULL,
        password_hash text NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Usernames are unique regardless of case, so "Acme" and "acme" cannot both register.
    await queryRunner.query(`CREATE UNIQUE INDEX merchants_username_key ON gateway.merchants (lower(username))`);
    await queryRunner.query(`CREATE UNIQUE INDEX merchants_email_key ON gateway.merchants (email)`);

    await queryRunner.query(`
      CREATE TABLE gateway.api_credentials (
        id text PRIMARY KEY,
        merchant_id text NOT NULL REFERENCES gateway.merchants (id),
        label text NULL,
        mode text NOT NULL CHECK (mode IN ('test', 'live')),
        api_key text NOT NULL,
        secret_hash text NOT NULL,
        secret_last4 text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz NULL,
        last_used_at timestamptz NULL
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX api_credentials_api_key_key ON gateway.api_credentials (api_key)`);
    // "Bearer sk_…" carries only the secret: the credential is found by its HMAC.
    await queryRunner.query(`CREATE UNIQUE INDEX api_credentials_secret_hash_key ON gateway.api_credentials (secret_hash)`);
    await queryRunner.query(`CREATE INDEX api_credentials_merchant_idx ON gateway.api_credentials (merchant_id, created_at)`);

    await queryRunner.query(`
      CREATE TABLE gateway.sessions (
        token_hash text PRIMARY KEY,
        merchant_id text NOT NULL REFERENCES gateway.merchants (id),
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX sessions_expires_idx ON gateway.sessions (expires_at)`);

    await queryRunner.query(`
      CREATE TABLE gateway.idempotency_records (
        merchant_id text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        status text NOT NULL CHECK (status IN ('in_progress', 'completed')),
        response_status integer NULL,
        response_body jsonb NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz NULL,
        PRIMARY KEY (merchant_id, key)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS gateway.idempotency_records`);
    await queryRunner.query(`DROP TABLE IF EXISTS gateway.sessions`);
    await queryRunner.query(`DROP TABLE IF EXISTS gateway.api_credentials`);
    await queryRunner.query(`DROP TABLE IF EXISTS gateway.merchants`);
  }
}
