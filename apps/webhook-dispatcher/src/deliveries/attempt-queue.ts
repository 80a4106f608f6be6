import { Injectable } from '@nestjs/common';
import { WEBHOOK_DISPATCHER } from '@lipa/contracts';
import { newEnvelope, Outbox } from '@lipa/messaging';
import type { EntityManager } from 'typeorm';
import type { QueuedDelivery } from './delivery.repository';

export const ATTEMPT_DELIVERY = 'webhook.delivery.attempt';

/** The attempt command: `seq` is the delivery's command_seq when it was queued; a command with another number is stale and does nothing. */
export interface AttemptDeliveryPayload {
  delivery_id: string;
  seq: number;
}

/**
 * Queues a delivery's next attempt: a command on the dispatcher's work lane (never the command lane
 * the RPCs use), written to the outbox in the caller's transaction, so it exists exactly when the
 * change that asked for it commits. With a delay it waits in the lane's TTL queue for that delay.
 */
@Injectable()
export class AttemptQueue {
  constructor(private readonly outbox: Outbox) {}

  async add(tx: EntityManager, queued: QueuedDelivery, correlationId: string, delayMs?: number): Promise<void> {
    const payload: AttemptDeliveryPayload = { delivery_id: queued.id, seq: queued.command_seq };
    await this.outbox.add(tx, newEnvelope(ATTEMPT_DELIVERY, payload, { correlationId, merchantId: queued.merchant_id }), {
      service: WEBHOOK_DISPATCHER,
      command: ATTEMPT_DELIVERY,
      lane: 'work',
      ...(delayMs !== undefined && delayMs > 0 ? { delayMs } : {}),
    });
  }
}
