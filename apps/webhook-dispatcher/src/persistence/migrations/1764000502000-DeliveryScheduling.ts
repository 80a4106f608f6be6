import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the delivery engine needs to schedule attempts safely:
 * - `command_seq`: the number of the one queued attempt command that may act on the delivery. Every
 *   time a command is queued (retry, deferral, replay) it goes up; a command carrying an older number
 *   (a duplicate, or one overtaken by a replay) does nothing.
 * - `schedule_offset`: attempts made before the delivery was last replayed; the retry schedule
 *   counts from there, so a replayed delivery gets the whole schedule again.
 * - `deferrals`, `deferred_reason`: how often in a row an attempt was put off without being made, and
 *   why; an `ordering` deferral is resumed as soon as the delivery it waited for ends. (Deferrals for
 *   a destination's limit or breaker are decided in memory and leave the row alone; the check keeps
 *   their names for the log's sake.)
 */
export class DeliveryScheduling1764000502000 implements MigrationInterface {
  name = 'DeliveryScheduling1764000502000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE webhooks.deliveries
        ADD COLUMN command_seq integer NOT NULL DEFAULT 0,
        ADD COLUMN schedule_offset integer NOT NULL DEFAULT 0,
        ADD COLUMN deferrals integer NOT NULL DEFAULT 0,
        ADD COLUMN deferred_reason text NULL CHECK (deferred_reason IN ('ordering', 'concurrency', 'breaker'))`);
    await queryRunner.query(
      `CREATE INDEX deliveries_endpoint_status_created_idx ON webhooks.deliveries (endpoint_id, status, created_at) WHERE endpoint_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS webhooks.deliveries_endpoint_status_created_idx`);
    await queryRunner.query(`
      ALTER TABLE webhooks.deliveries
        DROP COLUMN command_seq, DROP COLUMN schedule_offset, DROP COLUMN deferrals, DROP COLUMN deferred_reason`);
  }
}
