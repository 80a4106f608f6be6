import { Injectable, Logger } from '@nestjs/common';
import {
  webhookUrlProblem,
  type ApiMode,
  type EndpointDisabledWebhookData,
  type WebhookEventType,
  type WebhookTestData,
  type WebhookTestSent,
} from '@lipa/contracts';
import type { Envelope } from '@lipa/messaging';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { EndpointRepository, type EndpointRow } from '../endpoints/endpoint.repository';
import { AttemptQueue } from './attempt-queue';
import { DeliveryRepository, newDeliveryId, type NewDelivery, type QueuedDelivery } from './delivery.repository';
import { serialiseWebhookBody, webhookBody } from './webhook-body';
import type { WebhookSource } from './webhook-sources';

/** One event to fan out: its webhook body's fields and where else than endpoints it goes. */
interface FanOut {
  type: WebhookEventType;
  eventId: string;
  createdAt: string;
  merchantId: string;
  mode: ApiMode;
  data: unknown;
  orderingKey: string | null;
  callbackUrl: string | null;
  correlationId: string;
}

/**
 * Deliveries are made here and only here: the body is serialised once and stored (every attempt
 * sends those bytes), one delivery per enabled endpoint of the merchant AND mode subscribed to the
 * type, plus one to the transaction's own callback_url; for each new one the first attempt command
 * goes to the work lane through the outbox, in the caller's transaction (the event's inbox
 * transaction), so once it commits nothing is lost and a redelivered event creates nothing twice.
 */
@Injectable()
export class CreateDeliveries {
  private readonly logger = new Logger('WebhookDeliveries');

  constructor(
    private readonly endpoints: EndpointRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly queue: AttemptQueue,
  ) {}

  /** A domain event of a WEBHOOK_SOURCES entry, already validated against its contract. */
  forEvent<E extends object>(tx: EntityManager, envelope: Envelope, source: WebhookSource<E>, event: E): Promise<string[]> {
    return this.fanOut(tx, {
      type: source.type,
      eventId: envelope.id,
      createdAt: envelope.occurred_at,
      merchantId: source.merchantId(event),
      mode: source.mode(event),
      data: source.toData(event),
      orderingKey: source.orderingKey(event),
      callbackUrl: source.callbackUrl(event),
      correlationId: envelope.correlation_id,
    });
  }

  /** `endpoint.disabled` to the merchant's other enabled endpoints of the same mode (the disabled one gets none). */
  forEndpointDisabled(tx: EntityManager, endpoint: EndpointRow, correlationId: string): Promise<string[]> {
    const data: EndpointDisabledWebhookData = {
      endpoint_id: endpoint.id,
      url: endpoint.url,
      reason: endpoint.disabled_reason === 'gone' ? 'gone' : 'failing',
      failing_since: endpoint.failing_since ? new Date(endpoint.failing_since).toISOString() : null,
      disabled_at: new Date(endpoint.disabled_at ?? Date.now()).toISOString(),
    };
    return this.fanOut(tx, {
      type: 'endpoint.disabled',
      eventId: randomUUID(),
      createdAt: new Date().toISOString(),
      merchantId: endpoint.merchant_id,
      mode: endpoint.mode,
      data,
      orderingKey: null,
      callbackUrl: null,
      correlationId,
    });
  }

  /** `webhook.test` to this endpoint only, whatever its filter, through the normal delivery path. */
  async forTestEvent(tx: EntityManager, endpoint: EndpointRow): Promise<WebhookTestSent> {
    const eventId = randomUUID();
    const data: WebhookTestData = { endpoint_id: endpoint.id, message: 'A test event from Lipa: your endpoint receives and verifies webhooks.' };
    const body = serialiseWebhookBody(webhookBody('webhook.test', eventId, new Date().toISOString(), endpoint.mode, data));
    const queued = await this.insert(
      tx,
      {
        id: newDeliveryId(),
        endpoint_id: endpoint.id,
        callback_url: null,
        merchant_id: endpoint.merchant_id,
        mode: endpoint.mode,
        event_id: eventId,
        event_type: 'webhook.test',
        body,
        ordering_key: null,
        event_created_at: new Date(),
      },
      `test-${eventId}`,
    );
    return { delivery_id: queued!.id, event_id: eventId };
  }

  private async fanOut(tx: EntityManager, e: FanOut): Promise<string[]> {
    const body = serialiseWebhookBody(webhookBody(e.type, e.eventId, e.createdAt, e.mode, e.data));
    const common = {
      merchant_id: e.merchantId,
      mode: e.mode,
      event_id: e.eventId,
      event_type: e.type,
      body,
      ordering_key: e.orderingKey,
      event_created_at: new Date(e.createdAt),
    };
    const created: string[] = [];
    for (const endpoint of await this.endpoints.subscribedTo(tx, e.merchantId, e.mode, e.type)) {
      const queued = await this.insert(tx, { ...common, id: newDeliveryId(), endpoint_id: endpoint.id, callback_url: null }, e.correlationId);
      if (queued) created.push(queued.id);
    }
    if (e.callbackUrl !== null) {
      const problem = webhookUrlProblem(e.callbackUrl, e.mode);
      if (problem) {
        this.logger.warn({ msg: 'webhook.callback_url_refused', event_id: e.eventId, merchant_id: e.merchantId, problem, correlation_id: e.correlationId });
      } else {
        const queued = await this.insert(tx, { ...common, id: newDeliveryId(), endpoint_id: null, callback_url: e.callbackUrl }, e.correlationId);
        if (queued) created.push(queued.id);
      }
    }
    this.logger.log({
      msg: 'webhook.deliveries_created',
      event_id: e.eventId,
      event_type: e.type,
      merchant_id: e.merchantId,
      mode: e.mode,
      deliveries: created.length,
      correlation_id: e.correlationId,
    });
    return created;
  }

  private async insert(tx: EntityManager, row: NewDelivery, correlationId: string): Promise<QueuedDelivery | null> {
    const queued = await this.deliveries.insertIfNew(tx, row);
    if (queued) await this.queue.add(tx, queued, correlationId);
    return queued;
  }
}
