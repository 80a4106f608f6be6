import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue "Webhooks merchants can trust…": endpoints bound to a mode, with a rotation's previous
 * secret and why they were disabled; one signing secret per merchant and mode for push/payout
 * callback URLs; deliveries keep the exact body bytes and go either to an endpoint or to a
 * callback URL, in order per `ordering_key`; every attempt keeps the start of the answer.
 */
export class WebhooksForEveryEvent1764000501000 implements MigrationInterface {
  name = 'WebhooksForEveryEvent1764000501000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Endpoints from before modes existed received both; they are kept as test endpoints, so no live event reaches one unasked.
    await queryRunner.query(`
      ALTER TABLE webhooks.endpoints
        ADD COLUMN mode text NOT NULL DEFAULT 'test' CHECK (mode IN ('test', 'live')),
        ADD COLUMN previous_secret_encrypted text NULL,
        ADD COLUMN previous_secret_expires_at timestamptz NULL,
        ADD COLUMN disabled_reason text NULL CHECK (disabled_reason IN ('merchant', 'gone', 'failing')),
        ADD COLUMN disabled_at timestamptz NULL,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await queryRunner.query(`ALTER TABLE webhooks.endpoints ALTER COLUMN mode DROP DEFAULT`);
    await queryRunner.query(`DROP INDEX IF EXISTS webhooks.endpoints_merchant_idx`);
    await queryRunner.query(`CREATE INDEX endpoints_merchant_mode_idx ON webhooks.endpoints (merchant_id, mode) WHERE deleted_at IS NULL`);

    await queryRunner.query(`
      CREATE TABLE webhooks.signing_secrets (
        merchant_id text NOT NULL,
        mode text NOT NULL CHECK (mode IN ('test', 'live')),
        secret_encrypted text NOT NULL,
        previous_secret_encrypted text NULL,
        previous_secret_expires_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        rotated_at timestamptz NULL,
        PRIMARY KEY (merchant_id, mode)
      )`);

    // The body as sent: text keeps the bytes (jsonb would reorder keys and respace them).
    await queryRunner.query(`
      ALTER TABLE webhooks.deliveries
        ADD COLUMN merchant_id text NULL,
        ADD COLUMN mode text NULL CHECK (mode IN ('test', 'live')),
        ADD COLUMN body text NULL,
        ADD COLUMN callback_url text NULL,
        ADD COLUMN ordering_key text NULL,
        ADD COLUMN event_created_at timestamptz NULL`);
    await queryRunner.query(`
      UPDATE webhooks.deliveries d
         SET merchant_id = e.merchant_id, mode = e.mode, body = d.payload::text, event_created_at = d.created_at
        FROM webhooks.endpoints e WHERE e.id = d.endpoint_id`);
    await queryRunner.query(`
      ALTER TABLE webhooks.deliveries
        ALTER COLUMN merchant_id SET NOT NULL,
        ALTER COLUMN mode SET NOT NULL,
        ALTER COLUMN body SET NOT NULL,
        ALTER COLUMN event_created_at SET NOT NULL,
        ALTER COLUMN endpoint_id DROP NOT NULL,
        DROP COLUMN payload,
        ADD CONSTRAINT deliveries_one_destination CHECK ((endpoint_id IS NULL) <> (callback_url IS NULL))`);
    await queryRunner.query(`CREATE UNIQUE INDEX deliveries_callback_event_key ON webhooks.deliveries (callback_url, event_id) WHERE callback_url IS NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX deliveries_ordering_idx ON webhooks.deliveries (ordering_key, event_created_at) WHERE ordering_key IS NOT NULL AND status = 'pending'`,
    );
    await queryRunner.query(`CREATE INDEX deliveries_merchant_created_idx ON webhooks.deliveries (merchant_id, mode, created_at DESC)`);

    await queryRunner.query(`ALTER TABLE webhooks.attempts ADD COLUMN response_excerpt text NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE webhooks.attempts DROP COLUMN response_excerpt`);
    await queryRunner.query(`DROP INDEX IF EXISTS webhooks.deliveries_merchant_created_idx`);
    await queryRunner.query(`DROP INDEX IF EXISTS webhooks.deliveries_ordering_idx`);
    await queryRunner.query(`DROP INDEX IF EXISTS webhooks.deliveries_callback_event_key`);
    await queryRunner.query(`DELETE FROM webhooks.attempts a USING webhooks.deliveries d WHERE d.id = a.delivery_id AND d.endpoint_id IS NULL`);
    await queryRunner.query(`DELETE FROM webhooks.deliveries WHERE endpoint_id IS NULL`);
    await queryRunner.query(`
      ALTER TABLE webhooks.deliveries
        DROP CONSTRAINT deliveries_one_destination,
        ADD COLUMN payload jsonb NULL`);
    await queryRunner.query(`UPDATE webhooks.deliveries SET payload = body::jsonb`);
    await queryRunner.query(`
      ALTER TABLE webhooks.deliveries
        ALTER COLUMN payload SET NOT NULL,
        ALTER COLUMN endpoint_id SET NOT NULL,
        DROP COLUMN merchant_id, DROP COLUMN mode, DROP COLUMN body, DROP COLUMN callback_url,
        DROP COLUMN ordering_key, DROP COLUMN event_created_at`);
    await queryRunner.query(`DROP TABLE IF EXISTS webhooks.signing_secrets`);
    await queryRunner.query(`DROP INDEX IF EXISTS webhooks.endpoints_merchant_mode_idx`);
    await queryRunner.query(`CREATE INDEX endpoints_merchant_idx ON webhooks.endpoints (merchant_id) WHERE deleted_at IS NULL`);
    await queryRunner.query(`
      ALTER TABLE webhooks.endpoints
        DROP COLUMN mode, DROP COLUMN previous_secret_encrypted, DROP COLUMN previous_secret_expires_at,
        DROP COLUMN disabled_reason, DROP COLUMN disabled_at, DROP COLUMN updated_at`);
  }
}
