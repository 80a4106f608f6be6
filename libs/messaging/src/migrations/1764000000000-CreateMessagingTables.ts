import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox and inbox tables, in the schema of the DataSource that runs it
 * (services list this class in their own migrations).
 */
export class CreateMessagingTables1764000000000 implements MigrationInterface {
  name = 'CreateMessagingTables1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${s}outbox (
        id uuid PRIMARY KEY,
        exchange text NOT NULL,
        routing_key text NOT NULL,
        amqp_type text NOT NULL,
        type text NOT NULL,
        version integer NOT NULL,
        occurred_at timestamptz NOT NULL,
        correlation_id text NOT NULL,
        merchant_id text NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        published_at timestamptz NULL
      )`);
    await queryRunner.query(`CREATE INDEX outbox_unpublished_idx ON ${s}outbox (created_at) WHERE published_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE ${s}inbox (
        envelope_id uuid PRIMARY KEY,
        type text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP TABLE IF EXISTS ${s}inbox`);
    await queryRunner.query(`DROP TABLE IF EXISTS ${s}outbox`);
  }
}

function schemaOf(queryRunner: QueryRunner): string {
  const schema = (queryRunner.connection.options as { schema?: string }).schema;
  return schema ? `"${schema.replace(/"/g, '""')}".` : '';
}
