import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ApiMode } from '@lipa/contracts';
import { LipaError, NotFoundError } from '@lipa/platform';
import { LiveNotApproved } from '../auth/auth.errors';
import { CredentialRow, CredentialsRepository } from '../auth/credentials.repository';
import { generateApiKey, generateApiSecret, generateId, keyedHash } from '../auth/secrets';
import { ApiGatewayConfig } from '../config';
import { canUseMode } from '../merchants/merchant';
import { MerchantsRepository } from '../merchants/merchants.repository';
import { MAX_ACTIVE_KEYS } from './api-key';

export class ApiKeyLimitReached extends LipaError {
  readonly code = 'api_key_limit_reached';
  readonly status = 422;
}

/** Creating and revoking keys; the routes allow it by portal session only (docs/design.md §5 "Powers"). */
@Injectable()
export class ManageApiKeys {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: ApiGatewayConfig,
    private readonly merchants: MerchantsRepository,
    private readonly credentials: CredentialsRepository,
  ) {}

  async create(merchantId: string, input: { label?: string; mode: ApiMode }): Promise<{ credential: CredentialRow; secret: string }> {
    const secret = generateApiSecret(input.mode);
    const credential = await this.dataSource.transaction(async (tx) => {
      // Locking the merchant serialises key creation, so the cap holds under concurrent requests.
      const merchant = await this.merchants.lock(tx, merchantId);
      if (!merchant) throw new NotFoundError('merchant_not_found', 'Merchant not found');
      if (!canUseMode(merchant, input.mode)) throw new LiveNotApproved('Live keys need an admin to approve this merchant for live payments');
      if ((await this.credentials.countActive(tx, merchantId)) >= MAX_ACTIVE_KEYS) {
        throw new ApiKeyLimitReached(`At most ${MAX_ACTIVE_KEYS} active API keys; revoke one first`);
      }
      return this.credentials.insert(tx, {
        id: generateId('key'),
        merchant_id: merchantId,
        label: input.label ?? null,
        mode: input.mode,
        api_key: generateApiKey(input.mode),
        secret_hash: keyedHash(secret, this.config.API_SECRET_PEPPER),
        secret_last4: secret.slice(-4),
      });
    });
    return { credential, secret };
  }

  /** `mode` null: every key (the portal); an API key sees only keys of its own mode. */
  list(merchantId: string, mode: ApiMode | null, page: { offset: number; limit: number }): Promise<{ rows: CredentialRow[]; total: number }> {
    return this.credentials.pageForMerchant(this.dataSource.manager, merchantId, mode, page);
  }

  /** Takes effect at once on every replica: each request reads the credential, and OAuth tokens name it. */
  async revoke(merchantId: string, id: string): Promise<CredentialRow> {
    const revoked = await this.credentials.revoke(this.dataSource.manager, merchantId, id);
    if (!revoked) throw new NotFoundError('api_key_not_found', 'API key not found');
    return revoked;
  }
}
