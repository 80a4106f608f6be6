import { Injectable } from '@nestjs/common';
import {
  webhookUrlProblem,
  type ApiMode,
  type CreateWebhookEndpointV1,
  type UpdateWebhookEndpointV1,
  type WebhookEndpointCreated,
  type WebhookEndpointView,
  type WebhookListPage,
} from '@lipa/contracts';
import { DataSource } from 'typeorm';
import { WebhookDispatcherConfig } from '../config';
import { EndpointRepository, newEndpointId, toEndpointView } from './endpoint.repository';
import { encryptSecret, newWebhookSecret, parseEncryptionKey } from './secret-cipher';
import { InvalidWebhookUrl, WebhookEndpointLimitReached, WebhookEndpointNotFound } from './webhook-endpoints.errors';

/**
 * Create, list, read, update and delete a merchant's endpoints of one mode. The secret leaves this
 * service once, in the create reply (and in a rotation's, see RotateSecrets).
 */
@Injectable()
export class ManageEndpoints {
  private readonly key: Buffer;

  constructor(
    private readonly dataSource: DataSource,
    private readonly endpoints: EndpointRepository,
    private readonly config: WebhookDispatcherConfig,
  ) {
    this.key = parseEncryptionKey(config.WEBHOOK_SECRET_ENCRYPTION_KEY);
  }

  async create(input: CreateWebhookEndpointV1): Promise<WebhookEndpointCreated> {
    checkUrl(input.url, input.mode);
    const secret = newWebhookSecret();
    const max = this.config.WEBHOOK_MAX_ENDPOINTS_PER_MERCHANT;
    const row = await this.dataSource.transaction((tx) =>
      this.endpoints.insertWithinLimit(
        tx,
        {
          id: newEndpointId(),
          merchant_id: input.merchant_id,
          mode: input.mode,
          url: input.url,
          events: input.events ?? [],
          description: input.description ?? null,
          secret_encrypted: encryptSecret(this.key, secret),
        },
        max,
      ),
    );
    if (!row) throw new WebhookEndpointLimitReached(max);
    return { ...toEndpointView(row), secret };
  }

  async list(merchantId: string, mode: ApiMode, page = 1, limit = 100): Promise<WebhookListPage<WebhookEndpointView>> {
    const { rows, total } = await this.endpoints.pageForMerchant(this.dataSource.manager, merchantId, mode, { offset: (page - 1) * limit, limit });
    return { data: rows.map((row) => toEndpointView(row)), total };
  }

  async get(merchantId: string, mode: ApiMode, endpointId: string): Promise<WebhookEndpointView> {
    const row = await this.endpoints.findForMerchant(this.dataSource.manager, merchantId, mode, endpointId);
    if (!row) throw new WebhookEndpointNotFound();
    return toEndpointView(row);
  }

  async update(input: UpdateWebhookEndpointV1): Promise<WebhookEndpointView> {
    // A null url, events or enabled (which the contract's @IsOptional lets through) changes nothing; a null description clears it.
    const url = input.url ?? undefined;
    if (url !== undefined) checkUrl(url, input.mode);
    const row = await this.endpoints.update(this.dataSource.manager, input.merchant_id, input.mode, input.endpoint_id, {
      url,
      events: input.events ?? undefined,
      description: input.description,
      enabled: input.enabled ?? undefined,
    });
    if (!row) throw new WebhookEndpointNotFound();
    return toEndpointView(row);
  }

  async delete(merchantId: string, mode: ApiMode, endpointId: string): Promise<{ id: string; deleted: true }> {
    const deleted = await this.endpoints.softDelete(this.dataSource.manager, merchantId, mode, endpointId);
    if (!deleted) throw new WebhookEndpointNotFound();
    return { id: endpointId, deleted: true };
  }
}

function checkUrl(url: string, mode: ApiMode): void {
  const problem = webhookUrlProblem(url, mode);
  if (problem !== null) throw new InvalidWebhookUrl(problem);
}
