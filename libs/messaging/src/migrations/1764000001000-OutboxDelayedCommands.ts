import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * outbox.delay_ms: a command row with a delay is published by the relay to the TTL queue
 * lipa.<routing_key>.retry.<delay_ms>, which dead-letters it to lipa.commands after the delay.
 * NULL for events and immediate commands. Bounded like Topology's MAX_DELAY_MS (7 days).
 */
export class OutboxDelayedCommands1764000001000 implements MigrationInterface {
  name = 'OutboxDelayedCommands1764000001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(
      `ALTER TABLE ${s}outbox ADD COLUMN delay_ms integer NULL CONSTRAINT outbox_delay_ms_range CHECK (delay_ms > 0 AND delay_ms <= 604800000)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`ALTER TABLE ${s}outbox DROP COLUMN IF EXISTS delay_ms`);
  }
}

function schemaOf(queryRunner: QueryRunner): string {
  const schema = (queryRunner.connection.options as { schema?: string }).schema;
  return schema ? `"${schema.replace(/"/g, '""')}".` : '';
}
