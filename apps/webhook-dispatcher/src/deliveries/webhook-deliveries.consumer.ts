import { Injectable } from '@nestjs/common';
import { ListWebhookDeliveriesV1, parseContract, PaymentCompletedV1, PaymentFailedV1, WebhookDeliveryView, type WebhookListPage } from '@lipa/contracts';
import { CommandMeta, Envelope, OnCommand, OnEvent } from '@lipa/messaging';
import type { EntityManager } from 'typeorm';
import { AttemptDelivery } from './attempt-delivery.use-case';
import { ATTEMPT_DELIVERY, CreateDeliveries } from './create-deliveries.use-case';
import { ListDeliveries } from './list-deliveries.use-case';

/** AMQP in: payment events become deliveries; attempt commands POST them; the log is read by RPC. */
@Injectable()
export class WebhookDeliveriesConsumer {
  constructor(
    private readonly create: CreateDeliveries,
    private readonly attempt: AttemptDelivery,
    private readonly list: ListDeliveries,
  ) {}

  @OnEvent(PaymentCompletedV1.type)
  async onPaymentCompleted(tx: EntityManager, envelope: Envelope): Promise<void> {
    await this.create.forPaymentEvent(tx, envelope, parseContract(PaymentCompletedV1, envelope.payload));
  }

  @OnEvent(PaymentFailedV1.type)
  async onPaymentFailed(tx: EntityManager, envelope: Envelope): Promise<void> {
    await this.create.forPaymentEvent(tx, envelope, parseContract(PaymentFailedV1, envelope.payload));
  }

  @OnCommand(ATTEMPT_DELIVERY)
  async onAttempt(payload: unknown, meta: CommandMeta): Promise<void> {
    const deliveryId = (payload as { delivery_id?: unknown } | null)?.delivery_id;
    if (typeof deliveryId !== 'string') return; // nothing to attempt; retrying would not make it valid
    await this.attempt.execute({ delivery_id: deliveryId }, meta);
  }

  @OnCommand(ListWebhookDeliveriesV1.command)
  listDeliveries(payload: unknown): Promise<WebhookListPage<WebhookDeliveryView>> {
    const command = parseContract(ListWebhookDeliveriesV1, payload);
    return this.list.execute(command.merchant_id, command.endpoint_id, command.page, command.limit);
  }
}
