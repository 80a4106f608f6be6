import { Injectable } from '@nestjs/common';
import type { ListWebhookDeliveriesV1, WebhookDeliveryView, WebhookListPage } from '@lipa/contracts';
import { DataSource } from 'typeorm';
import { EndpointRepository } from '../endpoints/endpoint.repository';
import { WebhookEndpointNotFound } from '../endpoints/webhook-endpoints.errors';
import { type AttemptRow, DeliveryRepository, toDeliveryView } from './delivery.repository';

/**
 * The delivery log of one of the merchant's endpoints (of the credential's mode): newest first, a
 * page at a time (at most 100) with the true total, filtered by status, event type and creation
 * time; each delivery with every attempt, oldest first.
 */
@Injectable()
export class ListDeliveries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly endpoints: EndpointRepository,
    private readonly deliveries: DeliveryRepository,
  ) {}

  async execute(command: ListWebhookDeliveriesV1): Promise<WebhookListPage<WebhookDeliveryView>> {
    const db = this.dataSource.manager;
    const endpoint = await this.endpoints.findForMerchant(db, command.merchant_id, command.mode, command.endpoint_id);
    if (!endpoint) throw new WebhookEndpointNotFound();
    const page = command.page ?? 1;
    const limit = command.limit ?? 100;
    const { rows, total } = await this.deliveries.pageForEndpoint(
      db,
      endpoint.id,
      {
        status: command.status,
        eventType: command.event_type,
        from: command.from ? new Date(command.from) : undefined,
        to: command.to ? new Date(command.to) : undefined,
      },
      { offset: (page - 1) * limit, limit },
    );
    const byDelivery = new Map<string, AttemptRow[]>();
    for (const a of await this.deliveries.attemptsOf(
      db,
      rows.map((r) => r.id),
    )) {
      byDelivery.set(a.delivery_id, [...(byDelivery.get(a.delivery_id) ?? []), a]);
    }
    return { data: rows.map((r) => toDeliveryView(r, byDelivery.get(r.id) ?? [])), total };
  }
}
