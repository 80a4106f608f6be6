import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Endpoints (secrets encrypted at rest), one delivery per endpoint and event, and every attempt. */
export class CreateWebhookTables1764000500000 implements MigrationInterface {
  name = 'CreateWebhookTables1764000500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE webhooks.endpoints (
        id text PRIMARY KEY,
        merchant_id text NOT NULL,
        url text NOT NULL,
        events text[] NOT NULL DEFAULT '{}',
        description text NULL,
        secret_encrypted text NOT NULL,
        status text NOT NULL DEFAULT 'enabled' CHECK (status IN ('enabled', 'disabled')),
        failing_since timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz NULL
      )`);
    await queryRunner.query(`CREATE INDEX endpoints_merchant_idx ON webhooks.endpoints (merchant_id) WHERE deleted_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE webhooks.deliveries (
        id text PRIMARY KEY,
        endpoint_id text NOT NULL REFERENCES webhooks.endpoints (id),
        event_id text NOT NULL,
        event_type text NOT NULL,
        payload jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NULL,
        last_status_code integer NULL,
        last_error text NULL,
        delivered_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT deliveries_endpoint_event_key UNIQUE (endpoint_id, event_id)
      )`);
    await queryRunner.query(`CREATE INDEX deliveries_endpoint_created_idx ON webhooks.deliveries (endpoint_id, created_at DESC)`);
    await queryRunner.query(`
      CREATE TABLE webhooks.attempts (
        id bigserial PRIMARY KEY,
        delivery_id text NOT NULL REFERENCES webhooks.deliveries (id),
        attempt integer NOT NULL,
        status_code integer NULL,
        error text NULL,
        duration_ms integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX attempts_delivery_idx ON webhooks.attempts (delivery_id, attempt)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS webhooks.attempts`);
    await queryRunner.query(`DROP TABLE IF EXISTS webhooks.deliveries`);
    await queryRunner.query(`DROP TABLE IF EXISTS webhooks.endpoints`);
  }
}
