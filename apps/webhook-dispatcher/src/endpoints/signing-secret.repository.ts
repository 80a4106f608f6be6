import { Injectable } from '@nestjs/common';
import type { ApiMode, WebhookSigningSecretView } from '@lipa/contracts';
import type { EntityManager } from 'typeorm';
import { WebhookDispatcherConfig } from '../config';
import { encryptSecret, newWebhookSecret, parseEncryptionKey } from './secret-cipher';

/** webhooks.signing_secrets: one per merchant and mode; signs deliveries to a push's or payout's own callback_url. */
export interface SigningSecretRow {
  merchant_id: string;
  mode: ApiMode;
  secret_encrypted: string;
  previous_secret_encrypted: string | null;
  previous_secret_expires_at: Date | null;
  created_at: Date;
  rotated_at: Date | null;
}

/** The secrets that sign: the current one and, until previous_secret_expires_at, the previous one. */
export type SigningSecrets = Pick<SigningSecretRow, 'secret_encrypted' | 'previous_secret_encrypted' | 'previous_secret_expires_at'>;

/** The merchant's view, with the secret (plaintext, given by the caller); a lapsed overlap shows as null. */
export function toSigningSecretView(row: SigningSecretRow, secret: string, now = new Date()): WebhookSigningSecretView {
  const expires = row.previous_secret_expires_at === null ? null : new Date(row.previous_secret_expires_at);
  return {
    mode: row.mode,
    secret,
    previous_secret_expires_at: expires !== null && expires > now ? expires.toISOString() : null,
    created_at: new Date(row.created_at).toISOString(),
  };
}

@Injectable()
export class SigningSecretRepository {
  private readonly key: Buffer;

  constructor(config: WebhookDispatcherConfig) {
    this.key = parseEncryptionKey(config.WEBHOOK_SECRET_ENCRYPTION_KEY);
  }

  /**
   * The merchant's row for `mode`, created with a new `whsec_` secret on first use. Concurrent first
   * uses insert once (ON CONFLICT DO NOTHING) and both read the row that won.
   */
  async ensure(db: EntityManager, merchantId: string, mode: ApiMode): Promise<SigningSecretRow> {
    await db.query(
      `INSERT INTO webhooks.signing_secrets (merchant_id, mode, secret_encrypted) VALUES ($1, $2, $3)
       ON CONFLICT (merchant_id, mode) DO NOTHING`,
      [merchantId, mode, encryptSecret(this.key, newWebhookSecret())],
    );
    const rows: SigningSecretRow[] = await db.query(`SELECT * FROM webhooks.signing_secrets WHERE merchant_id = $1 AND mode = $2`, [merchantId, mode]);
    return rows[0];
  }

  /**
   * Replaces the secret with `secretEncrypted`; the one it replaces keeps signing for `overlapMs`
   * (a secret rotated again within the overlap drops the oldest). Creates the row when there is none
   * (then there is nothing to overlap). One statement, so concurrent rotations serialise on the row.
   */
  async rotate(db: EntityManager, merchantId: string, mode: ApiMode, secretEncrypted: string, overlapMs: number): Promise<SigningSecretRow> {
    const rows: SigningSecretRow[] = await db.query(
      `INSERT INTO webhooks.signing_secrets (merchant_id, mode, secret_encrypted) VALUES ($1, $2, $3)
       ON CONFLICT (merchant_id, mode) DO UPDATE
         SET previous_secret_encrypted = signing_secrets.secret_encrypted,
             previous_secret_expires_at = now() + make_interval(secs => $4::double precision / 1000),
             secret_encrypted = EXCLUDED.secret_encrypted,
             rotated_at = now()
       RETURNING *`,
      [merchantId, mode, secretEncrypted, overlapMs],
    );
    return rows[0];
  }
}
