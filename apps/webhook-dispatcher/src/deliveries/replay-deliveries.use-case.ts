import { Injectable, Logger } from '@nestjs/common';
import type { RecoverWebhookEndpointV1, RetryWebhookDeliveryV1, WebhookDeliveryView, WebhookRecoveryStarted } from '@lipa/contracts';
import { DataSource } from 'typeorm';
import { EndpointRepository } from '../endpoints/endpoint.repository';
import { WebhookEndpointDisabled, WebhookEndpointNotFound } from '../endpoints/webhook-endpoints.errors';
import { AttemptQueue } from './attempt-queue';
import { WebhookDeliveryNotFound } from './deliveries.errors';
import { DeliveryRepository, toDeliveryView } from './delivery.repository';

/**
 * Sending deliveries again, on the merchant's request. A replayed delivery is pending again with its
 * stored bytes and webhook-id unchanged, its next attempt queued at once (through the outbox, in the
 * transaction that reset it), and the whole retry schedule ahead of it, counted from the replay.
 */
@Injectable()
export class ReplayDeliveries {
  private readonly logger = new Logger('WebhookDeliveries');

  constructor(
    private readonly dataSource: DataSource,
    private readonly deliveries: DeliveryRepository,
    private readonly endpoints: EndpointRepository,
    private readonly queue: AttemptQueue,
  ) {}

  /** One delivery, whatever its status. Another merchant's or mode's → webhook_delivery_not_found; its endpoint disabled → webhook_endpoint_disabled. */
  async retry(command: RetryWebhookDeliveryV1, correlationId: string): Promise<WebhookDeliveryView> {
    const view = await this.dataSource.transaction(async (tx) => {
      const found = await this.deliveries.findForMerchant(tx, command.merchant_id, command.mode, command.delivery_id);
      if (!found) throw new WebhookDeliveryNotFound();
      if (found.endpoint_id !== null) {
        const endpoint = await this.endpoints.findById(tx, found.endpoint_id);
        if (!endpoint || endpoint.deleted_at) throw new WebhookDeliveryNotFound();
        if (endpoint.status !== 'enabled') throw new WebhookEndpointDisabled();
      }
      const replayed = (await this.deliveries.replay(tx, found.id))!;
      await this.queue.add(tx, replayed, correlationId);
      return toDeliveryView(replayed, await this.deliveries.attemptsOf(tx, [replayed.id]));
    });
    this.logger.log({ msg: 'webhook.delivery_replayed', delivery_id: view.id, merchant_id: command.merchant_id, correlation_id: correlationId });
    return view;
  }

  /** Every `failed` delivery of the endpoint created since `since`. The endpoint must be enabled (re-enable it first). */
  async recover(command: RecoverWebhookEndpointV1, correlationId: string): Promise<WebhookRecoveryStarted> {
    const resent = await this.dataSource.transaction(async (tx) => {
      const endpoint = await this.endpoints.findForMerchant(tx, command.merchant_id, command.mode, command.endpoint_id);
      if (!endpoint) throw new WebhookEndpointNotFound();
      if (endpoint.status !== 'enabled') throw new WebhookEndpointDisabled();
      const replayed = await this.deliveries.replayFailedOfEndpoint(tx, endpoint.id, new Date(command.since));
      for (const queued of replayed) await this.queue.add(tx, queued, correlationId);
      return replayed.length;
    });
    this.logger.log({ msg: 'webhook.endpoint_recovered', endpoint_id: command.endpoint_id, resent, since: command.since, correlation_id: correlationId });
    return { endpoint_id: command.endpoint_id, resent };
  }
}
