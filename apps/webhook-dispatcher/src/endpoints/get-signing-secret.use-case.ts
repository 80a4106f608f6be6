import { Injectable } from '@nestjs/common';
import type { ApiMode, WebhookSigningSecretView } from '@lipa/contracts';
import { DataSource } from 'typeorm';
import { WebhookDispatcherConfig } from '../config';
import { decryptSecret, parseEncryptionKey } from './secret-cipher';
import { SigningSecretRepository, toSigningSecretView } from './signing-secret.repository';

/**
 * The merchant's signing secret of one mode (for deliveries to a push's or payout's own
 * callback_url), created on first use. Unlike an endpoint's, it can be read again: a merchant has
 * nowhere else to find it, and it is only ever asked for with the merchant's own credential.
 */
@Injectable()
export class GetSigningSecret {
  private readonly key: Buffer;

  constructor(
    private readonly dataSource: DataSource,
    private readonly signingSecrets: SigningSecretRepository,
    config: WebhookDispatcherConfig,
  ) {
    this.key = parseEncryptionKey(config.WEBHOOK_SECRET_ENCRYPTION_KEY);
  }

  async get(merchantId: string, mode: ApiMode): Promise<WebhookSigningSecretView> {
    const row = await this.signingSecrets.ensure(this.dataSource.manager, merchantId, mode);
    return toSigningSecretView(row, decryptSecret(this.key, row.secret_encrypted));
  }
}
