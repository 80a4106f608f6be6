import { Injectable } from '@nestjs/common';
import type { CreateWebhookEndpointV1, WebhookEndpointCreated, WebhookEndpointView, WebhookListPage } from '@lipa/contracts';
import { DataSource } from 'typeorm';
import { WebhookDispatcherConfig } from '../config';
import { EndpointRepository, newEndpointId, toEndpointView } from './endpoint.repository';
import { encryptSecret, newWebhookSecret, parseEncryptionKey } from './secret-cipher';
import { InvalidWebhookUrl, WebhookEndpointNotFound } from './webhook-endpoints.errors';
import { isValidWebhookUrl } from './webhook-url';

/** Create, list and delete a merchant's endpoints. The secret leaves this service once, in the create reply. */
@Injectable()
export class ManageEndpoints {
  private readonly key: Buffer;

  constructor(
    private readonly dataSource: DataSource,
    private readonly endpoints: EndpointRepository,
    config: WebhookDispatcherConfig,
  ) {
    this.key = parseEncryptionKey(config.WEBHOOK_SECRET_ENCRYPTION_KEY);
  }

  async create(input: CreateWebhookEndpointV1): Promise<WebhookEndpointCreated> {
    if (!isValidWebhookUrl(input.url)) throw new InvalidWebhookUrl('The webhook URL must be an absolute http or https URL');
    const secret = newWebhookSecret();
    const row = await this.endpoints.insert(this.dataSource.manager, {
      id: newEndpointId(),
      merchant_id: input.merchant_id,
      url: input.url,
      events: input.events ?? [],
      description: input.description ?? null,
      secret_encrypted: encryptSecret(this.key, secret),
    });
    return { ...toEndpointView(row), secret };
  }

  async list(merchantId: string, page = 1, limit = 100): Promise<WebhookListPage<WebhookEndpointView>> {
    const { rows, total } = await this.endpoints.pageForMerchant(this.dataSource.manager, merchantId, { offset: (page - 1) * limit, limit });
    return { data: rows.map(toEndpointView), total };
  }

  async delete(merchantId: string, endpointId: string): Promise<{ id: string; deleted: true }> {
    const deleted = await this.endpoints.softDelete(this.dataSource.manager, merchantId, endpointId);
    if (!deleted) throw new WebhookEndpointNotFound();
    return { id: endpointId, deleted: true };
  }
}
