import { Injectable } from '@nestjs/common';
import { WEBHOOK_DISPATCHER } from '@lipa/contracts';
import { newEnvelope, Outbox } from '@lipa/messaging';
import type { EntityManager } from 'typeorm';
import type { QueuedDelivery } from './delivery.repository';

export const ATTEMPT_DELIVERY = 'webhook.delivery.attempt';

/**
 * The attempt command. `seq` is the delivery's command_seq when it was queued: a command with another
 * number is stale and does nothing. `destination` (DestinationGates' key) lets the consumer check the
 * destination's limit and breaker before touching the database; `deferrals` counts how often in a
 * row this command was put off for them (each time it waits longer).
 */
export interface AttemptDeliveryPayload {
  delivery_id: string;
  seq: number;
  destination?: string;
  deferrals?: number;
}

/** The key of a delivery's destination for the limit and the breaker: the endpoint, or the callback URL's origin (scheme, host, port). */
export function destinationKey(d: Pick<QueuedDelivery, 'endpoint_id' | 'callback_url'>): string {
  if (d.endpoint_id !== null) return `endpoint:${d.endpoint_id}`;
  try {
    return `callback:${new URL(d.callback_url!).origin}`;
  } catch {
    return `callback:${d.callback_url}`;
  }
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
    const payload: AttemptDeliveryPayload = { delivery_id: queued.id, seq: queued.command_seq, destination: destinationKey(queued), deferrals: 0 };
    await this.outbox.add(tx, newEnvelope(ATTEMPT_DELIVERY, payload, { correlationId, merchantId: queued.merchant_id }), {
      service: WEBHOOK_DISPATCHER,
      command: ATTEMPT_DELIVERY,
      lane: 'work',
      ...(delayMs !== undefined && delayMs > 0 ? { delayMs } : {}),
    });
  }
}
