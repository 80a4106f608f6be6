import { Injectable } from '@nestjs/common';
import {
  GetWebhookDeliveryV1,
  ListMerchantWebhookDeliveriesV1,
  ListWebhookDeliveriesV1,
  parseContract,
  RecoverWebhookEndpointV1,
  RetryWebhookDeliveryV1,
  type WebhookDeliveryView,
  type WebhookListPage,
  type WebhookRecoveryStarted,
} from '@lipa/contracts';
import { type CommandMeta, type Envelope, OnCommand, OnEvent } from '@lipa/messaging';
import type { EntityManager } from 'typeorm';
import { AttemptDelivery } from './attempt-delivery.use-case';
import { ATTEMPT_DELIVERY } from './attempt-queue';
import { CreateDeliveries } from './create-deliveries.use-case';
import { ListDeliveries } from './list-deliveries.use-case';
import { ReplayDeliveries } from './replay-deliveries.use-case';
import { WEBHOOK_SOURCES, type WebhookSource } from './webhook-sources';

/**
 * AMQP in: every WEBHOOK_SOURCES event becomes deliveries (in its inbox transaction); attempt
 * commands arrive on the work lane (prefetch WEBHOOK_DELIVERY_CONCURRENCY, apart from the command
 * lane, so a slow receiver never delays an RPC); the log and replay RPCs on the command lane.
 */
@Injectable()
export class WebhookDeliveriesConsumer {
  constructor(
    private readonly create: CreateDeliveries,
    private readonly attempt: AttemptDelivery,
    private readonly list: ListDeliveries,
    private readonly replay: ReplayDeliveries,
  ) {}

  /** What each source's `@OnEvent` handler (defined below the class, one per WEBHOOK_SOURCES entry) does. */
  onSourceEvent(source: WebhookSource, tx: EntityManager, envelope: Envelope): Promise<string[]> {
    return this.create.forEvent(tx, envelope, source, parseContract(source.contract, envelope.payload));
  }

  @OnCommand(ATTEMPT_DELIVERY, { lane: 'work' })
  async onAttempt(payload: unknown, meta: CommandMeta): Promise<void> {
    const p = payload as { delivery_id?: unknown; seq?: unknown; destination?: unknown; deferrals?: unknown } | null;
    if (typeof p?.delivery_id !== 'string') return; // nothing to attempt; retrying would not make it valid
    await this.attempt.execute(
      {
        delivery_id: p.delivery_id,
        // A command queued before command numbers existed carries none: it is the delivery's first (0).
        seq: typeof p.seq === 'number' ? p.seq : 0,
        ...(typeof p.destination === 'string' ? { destination: p.destination } : {}),
        deferrals: typeof p.deferrals === 'number' ? p.deferrals : 0,
      },
      meta,
    );
  }

  @OnCommand(ListWebhookDeliveriesV1.command)
  listDeliveries(payload: unknown): Promise<WebhookListPage<WebhookDeliveryView>> {
    return this.list.execute(parseContract(ListWebhookDeliveriesV1, payload));
  }

  @OnCommand(ListMerchantWebhookDeliveriesV1.command)
  listAllDeliveries(payload: unknown): Promise<WebhookListPage<WebhookDeliveryView>> {
    return this.list.listAll(parseContract(ListMerchantWebhookDeliveriesV1, payload));
  }

  @OnCommand(GetWebhookDeliveryV1.command)
  getDelivery(payload: unknown): Promise<WebhookDeliveryView> {
    return this.list.get(parseContract(GetWebhookDeliveryV1, payload));
  }

  @OnCommand(RetryWebhookDeliveryV1.command)
  retryDelivery(payload: unknown, meta: CommandMeta): Promise<WebhookDeliveryView> {
    return this.replay.retry(parseContract(RetryWebhookDeliveryV1, payload), meta.correlationId);
  }

  @OnCommand(RecoverWebhookEndpointV1.command)
  recoverEndpoint(payload: unknown, meta: CommandMeta): Promise<WebhookRecoveryStarted> {
    return this.replay.recover(parseContract(RecoverWebhookEndpointV1, payload), meta.correlationId);
  }
}

// One `@OnEvent(type)` method per source, e.g. `on_payment_completed`: adding an event type to the
// dispatcher is adding its entry to WEBHOOK_SOURCES. The messaging registry still refuses to boot on
// a duplicate handler, and binds the events queue to exactly these types.
for (const source of WEBHOOK_SOURCES) {
  const name = `on_${source.type.replace(/\./g, '_')}`;
  const proto = WebhookDeliveriesConsumer.prototype as unknown as Record<string, unknown>;
  Object.defineProperty(proto, name, {
    value: function (this: WebhookDeliveriesConsumer, tx: EntityManager, envelope: Envelope) {
      return this.onSourceEvent(source, tx, envelope);
    },
    writable: true,
    configurable: true,
  });
  OnEvent(source.type)(proto, name, Object.getOwnPropertyDescriptor(proto, name)!);
}
