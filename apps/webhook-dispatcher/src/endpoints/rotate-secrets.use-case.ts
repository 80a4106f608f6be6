import { Injectable } from '@nestjs/common';
import type { ApiMode, WebhookSecretRotated, WebhookSigningSecretView } from '@lipa/contracts';
import { DataSource } from 'typeorm';
import { WebhookDispatcherConfig } from '../config';
import { EndpointRepository } from './endpoint.repository';
import { encryptSecret, newWebhookSecret, parseEncryptionKey } from './secret-cipher';
import { SigningSecretRepository, toSigningSecretView } from './signing-secret.repository';
import { WebhookEndpointNotFound } from './webhook-endpoints.errors';

/**
 * A new `whsec_` secret, shown once in the reply; the one it replaces keeps signing beside it for
 * WEBHOOK_SECRET_OVERLAP_MS, so receivers can switch without losing a delivery.
 */
@Injectable()
export class RotateSecrets {
  private readonly key: Buffer;

  constructor(
    private readonly dataSource: DataSource,
    private readonly endpoints: EndpointRepository,
    private readonly signingSecrets: SigningSecretRepository,
    private readonly config: WebhookDispatcherConfig,
  ) {
    this.key = parseEncryptionKey(config.WEBHOOK_SECRET_ENCRYPTION_KEY);
  }

  async endpointSecret(merchantId: string, mode: ApiMode, endpointId: string): Promise<WebhookSecretRotated> {
    const secret = newWebhookSecret();
    const row = await this.endpoints.rotateSecret(
      this.dataSource.manager,
      merchantId,
      mode,
      endpointId,
      encryptSecret(this.key, secret),
      this.config.WEBHOOK_SECRET_OVERLAP_MS,
    );
    if (!row?.previous_secret_expires_at) throw new WebhookEndpointNotFound();
    return { id: row.id, secret, previous_secret_expires_at: new Date(row.previous_secret_expires_at).toISOString() };
  }

  async signingSecret(merchantId: string, mode: ApiMode): Promise<WebhookSigningSecretView> {
    const secret = newWebhookSecret();
    const row = await this.signingSecrets.rotate(
      this.dataSource.manager,
      merchantId,
      mode,
      encryptSecret(this.key, secret),
      this.config.WEBHOOK_SECRET_OVERLAP_MS,
    );
    return toSigningSecretView(row, secret);
  }
}
