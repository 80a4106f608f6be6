import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export type CallbackOutcome = 'accepted' | 'duplicate' | 'rejected_token' | 'rejected_source' | 'unparsable';

export interface RawCallback {
  id: string;
  kind: string;
  pathToken: string;
  subjectId: string | null;
  sourceIp: string | null;
  headers: Record<string, unknown>;
  body: string;
}

@Injectable()
export class RawCallbackRepository {
  async append(tx: EntityManager, callback: RawCallback, outcome: CallbackOutcome, dedupeKey: string | null): Promise<void> {
    await tx.query(
      `INSERT INTO raw_callbacks (id, kind, path_token, subject_id, source_ip, headers, body, outcome, dedupe_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        callback.id,
        callback.kind,
        callback.pathToken,
        callback.subjectId,
        callback.sourceIp,
        JSON.stringify(callback.headers),
        callback.body,
        outcome,
        dedupeKey,
      ],
    );
  }

  /** True when this is the first callback with this key; the primary key decides, not a read. */
  async claimKey(tx: EntityManager, dedupeKey: string, callbackId: string): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO callback_keys (dedupe_key, first_callback_id) VALUES ($1, $2) ON CONFLICT (dedupe_key) DO NOTHING RETURNING dedupe_key`,
      [dedupeKey, callbackId],
    );
    return rows.length === 1;
  }

  async setOutcome(tx: EntityManager, callbackId: string, outcome: CallbackOutcome): Promise<void> {
    await tx.query(`UPDATE raw_callbacks SET outcome = $2 WHERE id = $1`, [callbackId, outcome]);
  }
}
