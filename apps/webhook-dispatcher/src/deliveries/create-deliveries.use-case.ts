import { Injectable, Logger } from '@nestjs/common';
import type { PaymentCompletedV1, PaymentFailedV1 } from '@lipa/contracts';
import { WEBHOOK_DISPATCHER } from '@lipa/contracts';
import { Envelope, newEnvelope, Outbox } from '@lipa/messaging';
import type { EntityManager } from 'typeorm';
import { EndpointRepository } from '../endpoints/endpoint.repository';
import { DeliveryRepository, newDeliveryId } from './delivery.repository';
import { buildPaymentWebhookBody } from './webhook-payload';

export const ATTEMPT_DELIVERY = 'webhook.delivery.attempt';

export interface AttemptDeliveryPayload {
  delivery_id: string;
}

/**
 * One delivery per enabled endpoint of the merchant subscribed to the event, and for each new one
 * the command that makes its first attempt, all in the inbox transaction of the event: once this
 * commits nothing can be lost, and a redelivered event creates nothing twice.
 */
@Injectable()
export class CreateDeliveries {
  private readonly logger = new Logger('WebhookDeliveries');

  constructor(
    private readonly endpoints: EndpointRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly outbox: Outbox,
  ) {}

  async forPaymentEvent(tx: EntityManager, envelope: Envelope, payment: PaymentCompletedV1 | PaymentFailedV1): Promise<string[]> {
    const merchantId = payment.merchant_id;
    const subscribed = await this.endpoints.subscribedTo(tx, merchantId, envelope.type);
    const body = buildPaymentWebhookBody(envelope, payment);
    const created: string[] = [];
    for (const endpoint of subscribed) {
      const id = await this.deliveries.insertIfNew(tx, {
        id: newDeliveryId(),
        endpoint_id: endpoint.id,
        event_id: envelope.id,
        event_type: envelope.type,
        payload: body,
      });
      if (!id) continue;
      const payload: AttemptDeliveryPayload = { delivery_id: id };
      await this.outbox.add(tx, newEnvelope(ATTEMPT_DELIVERY, payload, { correlationId: envelope.correlation_id, merchantId }), {
        service: WEBHOOK_DISPATCHER,
        command: ATTEMPT_DELIVERY,
      });
      created.push(id);
    }
    this.logger.log({
      msg: 'webhook.deliveries_created',
      event_id: envelope.id,
      event_type: envelope.type,
      merchant_id: merchantId,
      deliveries: created.length,
      correlation_id: envelope.correlation_id,
    });
    return created;
  }
}
