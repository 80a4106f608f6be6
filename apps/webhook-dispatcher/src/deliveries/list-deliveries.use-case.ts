import { Injectable } from '@nestjs/common';
import type { GetWebhookDeliveryV1, ListMerchantWebhookDeliveriesV1, ListWebhookDeliveriesV1, WebhookDeliveryView, WebhookListPage } from '@lipa/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { EndpointRepository } from '../endpoints/endpoint.repository';
import { WebhookEndpointNotFound } from '../endpoints/webhook-endpoints.errors';
import { WebhookDeliveryNotFound } from './deliveries.errors';
import { type AttemptRow, type DeliveryFilters, type DeliveryRow, DeliveryRepository, toDeliveryView } from './delivery.repository';

/**
 * The delivery log (of the credential's mode): one endpoint's (`execute`), or every delivery of the
 * merchant, to its endpoints and to callback URLs alike (`listAll`), newest first, a page at a time
 * (at most 100) with the true total, filtered by status, event type and creation time; and one
 * delivery (`get`). Each delivery with every attempt, oldest first.
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
    const { rows, total } = await this.deliveries.pageForEndpoint(db, endpoint.id, filtersOf(command), pageOf(command));
    return { data: await this.withAttempts(db, rows), total };
  }

  /** An endpoint_id that is not the merchant's endpoint of that mode matches nothing (the query is scoped by merchant and mode). */
  async listAll(command: ListMerchantWebhookDeliveriesV1): Promise<WebhookListPage<WebhookDeliveryView>> {
    const db = this.dataSource.manager;
    const { rows, total } = await this.deliveries.pageForMerchant(
      db,
      command.merchant_id,
      command.mode,
      { ...filtersOf(command), endpointId: command.endpoint_id, destination: command.destination },
      pageOf(command),
    );
    return { data: await this.withAttempts(db, rows), total };
  }

  async get(command: GetWebhookDeliveryV1): Promise<WebhookDeliveryView> {
    const db = this.dataSource.manager;
    const row = await this.deliveries.findForMerchant(db, command.merchant_id, command.mode, command.delivery_id);
    if (!row) throw new WebhookDeliveryNotFound();
    const [view] = await this.withAttempts(db, [row]);
    return view;
  }

  private async withAttempts(db: EntityManager, rows: DeliveryRow[]): Promise<WebhookDeliveryView[]> {
    const byDelivery = new Map<string, AttemptRow[]>();
    for (const a of await this.deliveries.attemptsOf(
      db,
      rows.map((r) => r.id),
    )) {
      byDelivery.set(a.delivery_id, [...(byDelivery.get(a.delivery_id) ?? []), a]);
    }
    return rows.map((r) => toDeliveryView(r, byDelivery.get(r.id) ?? []));
  }
}

type LogQuery = Pick<ListWebhookDeliveriesV1, 'page' | 'limit' | 'status' | 'event_type' | 'from' | 'to'>;

function filtersOf(q: LogQuery): DeliveryFilters {
  return {
    status: q.status,
    eventType: q.event_type,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
  };
}

function pageOf(q: LogQuery): { offset: number; limit: number } {
  const page = q.page ?? 1;
  const limit = q.limit ?? 100;
  return { offset: (page - 1) * limit, limit };
}
