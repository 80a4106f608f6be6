import { Injectable } from '@nestjs/common';
import type { WebhookDeliveryView } from '@lipa/contracts';
import { DataSource } from 'typeorm';
import { EndpointRepository } from '../endpoints/endpoint.repository';
import { WebhookEndpointNotFound } from '../endpoints/webhook-endpoints.errors';
import { DeliveryRepository, toDeliveryView } from './delivery.repository';

/** The delivery log of one of the merchant's endpoints, newest first, at most 100. */
@Injectable()
export class ListDeliveries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly endpoints: EndpointRepository,
    private readonly deliveries: DeliveryRepository,
  ) {}

  async execute(merchantId: string, endpointId: string): Promise<WebhookDeliveryView[]> {
    const db = this.dataSource.manager;
    const endpoint = await this.endpoints.findForMerchant(db, merchantId, endpointId);
    if (!endpoint) throw new WebhookEndpointNotFound();
    const rows = await this.deliveries.listForEndpoint(db, endpoint.id, 100);
    return rows.map(toDeliveryView);
  }
}
