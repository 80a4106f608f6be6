import { Injectable } from '@nestjs/common';
import type { WebhookDeliveryView, WebhookListPage } from '@lipa/contracts';
import { DataSource } from 'typeorm';
import { EndpointRepository } from '../endpoints/endpoint.repository';
import { WebhookEndpointNotFound } from '../endpoints/webhook-endpoints.errors';
import { DeliveryRepository, toDeliveryView } from './delivery.repository';

/** The delivery log of one of the merchant's endpoints, newest first, a page at a time (at most 100). */
@Injectable()
export class ListDeliveries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly endpoints: EndpointRepository,
    private readonly deliveries: DeliveryRepository,
  ) {}

  async execute(merchantId: string, endpointId: string, page = 1, limit = 100): Promise<WebhookListPage<WebhookDeliveryView>> {
    const db = this.dataSource.manager;
    const endpoint = await this.endpoints.findForMerchant(db, merchantId, endpointId);
    if (!endpoint) throw new WebhookEndpointNotFound();
    const { rows, total } = await this.deliveries.pageForEndpoint(db, endpoint.id, { offset: (page - 1) * limit, limit });
    return { data: rows.map(toDeliveryView), total };
  }
}
