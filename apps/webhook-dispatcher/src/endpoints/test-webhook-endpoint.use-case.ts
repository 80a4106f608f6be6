import { Injectable } from '@nestjs/common';
import type { ApiMode, WebhookTestSent } from '@lipa/contracts';
import { DataSource } from 'typeorm';
import { CreateDeliveries } from '../deliveries/create-deliveries.use-case';
import { EndpointRepository } from './endpoint.repository';
import { WebhookEndpointDisabled, WebhookEndpointNotFound } from './webhook-endpoints.errors';

/** A `webhook.test` event to one endpoint, through the normal delivery path (signed, retried, logged). */
@Injectable()
export class TestWebhookEndpoint {
  constructor(
    private readonly dataSource: DataSource,
    private readonly endpoints: EndpointRepository,
    private readonly deliveries: CreateDeliveries,
  ) {}

  send(merchantId: string, mode: ApiMode, endpointId: string): Promise<WebhookTestSent> {
    return this.dataSource.transaction(async (tx) => {
      const endpoint = await this.endpoints.findForMerchant(tx, merchantId, mode, endpointId);
      if (!endpoint) throw new WebhookEndpointNotFound();
      if (endpoint.status !== 'enabled') throw new WebhookEndpointDisabled();
      return this.deliveries.forTestEvent(tx, endpoint);
    });
  }
}
