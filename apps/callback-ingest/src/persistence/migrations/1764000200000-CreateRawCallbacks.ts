import { migrationSchema } from '@lipa/platform';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * raw_callbacks is append-only: every request Safaricom makes is kept byte for byte, duplicates and
 * rejects included, so any dispute can be replayed. callback_keys de-duplicates by Daraja's own id.
 */
export class CreateRawCallbacks1764000200000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = migrationSchema(queryRunner);
    await queryRunner.query(`
      CREATE TABLE "${schema}".raw_callbacks (
        id uuid PRIMARY KEY,
        kind text NOT NULL,
        path_token text NOT NULL,
        subject_id text,
        source_ip text,
        headers jsonb NOT NULL,
        body text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('accepted', 'duplicate', 'rejected_token', 'rejected_source', 'unparsable')),
        dedupe_key text,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX raw_callbacks_dedupe_key_idx ON "${schema}".raw_callbacks (dedupe_key)`);
    await queryRunner.query(`
      CREATE TABLE "${schema}".callback_keys (
        dedupe_key text PRIMARY KEY,
        first_callback_id uuid NOT NULL REFERENCES "${schema}".raw_callbacks (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = migrationSchema(queryRunner);
    await queryRunner.query(`DROP TABLE "${schema}".callback_keys`);
    await queryRunner.query(`DROP TABLE "${schema}".raw_callbacks`);
  }
}
