import type { Channel } from 'amqplib';

/** The lanes a command can travel on: the default one (RPCs, quick commands) and 'work' (slow handlers). */
export type CommandLane = 'work';

/** Upper bound of a delayed command's delay: 7 days. */
export const MAX_DELAY_MS = 7 * 24 * 60 * 60 * 1_000;

/** Throws unless `delayMs` is a positive integer of at most MAX_DELAY_MS. */
export function assertDelayMs(delayMs: number): void {
  if (!Number.isInteger(delayMs) || delayMs <= 0 || delayMs > MAX_DELAY_MS) {
    throw new Error(`delayMs must be a positive integer of at most ${MAX_DELAY_MS} (7 days), got ${delayMs}`);
  }
}

/** Throws unless `lane` is undefined (the default lane) or 'work'. */
export function assertLane(lane: unknown): asserts lane is CommandLane | undefined {
  if (lane !== undefined && lane !== 'work') throw new Error(`lane must be 'work' or absent, got ${String(lane)}`);
}

/**
 * Every exchange and queue name of docs/design.md §2, with the optional test prefix applied.
 * Routing keys are not prefixed: the prefixed exchanges already isolate them.
 */
export class Topology {
  constructor(private readonly prefix: string) {}

  get eventsExchange(): string {
    return `${this.prefix}lipa.events`;
  }
  get commandsExchange(): string {
    return `${this.prefix}lipa.commands`;
  }
  get dlxExchange(): string {
    return `${this.prefix}lipa.dlx`;
  }
  eventsQueue(service: string): string {
    return `${this.prefix}lipa.${service}.events`;
  }
  commandsQueue(service: string): string {
    return `${this.prefix}lipa.${service}.commands`;
  }
  dlq(service: string): string {
    return `${this.prefix}lipa.${service}.dlq`;
  }
  /** The work lane's queue: slow handlers, consumed on a channel of its own. */
  workQueue(service: string): string {
    return `${this.prefix}lipa.${service}.work`;
  }
  /** Routing key on lipa.commands: `<service>` for the default lane, `<service>.work` for the work lane. */
  commandRoutingKey(service: string, lane?: CommandLane): string {
    return lane === 'work' ? `${service}.work` : service;
  }
  /** lipa.<service>.retry.<delayMs> (default lane) or lipa.<service>.work.retry.<delayMs> (work lane). */
  retryQueue(service: string, delayMs: number, lane?: CommandLane): string {
    return this.retryQueueFor(this.commandRoutingKey(service, lane), delayMs);
  }
  /** The retry queue that dead-letters to lipa.commands with `routingKey` (a lane's routing key). */
  retryQueueFor(routingKey: string, delayMs: number): string {
    return `${this.prefix}lipa.${routingKey}.retry.${delayMs}`;
  }

  async assertExchanges(ch: Channel): Promise<void> {
    await ch.assertExchange(this.eventsExchange, 'topic', { durable: true });
    await ch.assertExchange(this.commandsExchange, 'direct', { durable: true });
    await ch.assertExchange(this.dlxExchange, 'direct', { durable: true });
  }

  /** Quorum queue arguments: bounded redelivery, then at-least-once dead-lettering to lipa.dlx. */
  quorumArgs(service: string, deliveryLimit: number): Record<string, unknown> {
    return {
      'x-queue-type': 'quorum',
      'x-delivery-limit': deliveryLimit,
      'x-dead-letter-exchange': this.dlxExchange,
      'x-dead-letter-routing-key': service,
      // Accepted by RabbitMQ 3.10 (checked): the DLQ confirms dead-lettered messages before the
      // source drops them; at-least-once needs reject-publish overflow.
      'x-dead-letter-strategy': 'at-least-once',
      'x-overflow': 'reject-publish',
    };
  }

  async assertDlq(ch: Channel, service: string): Promise<void> {
    await ch.assertQueue(this.dlq(service), { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await ch.bindQueue(this.dlq(service), this.dlxExchange, service);
  }

  async assertEventsQueue(ch: Channel, service: string, deliveryLimit: number, eventTypes: string[]): Promise<void> {
    const q = this.eventsQueue(service);
    await ch.assertQueue(q, { durable: true, arguments: this.quorumArgs(service, deliveryLimit) });
    for (const type of eventTypes) await ch.bindQueue(q, this.eventsExchange, type);
  }

  async assertCommandsQueue(ch: Channel, service: string, deliveryLimit: number): Promise<void> {
    const q = this.commandsQueue(service);
    await ch.assertQueue(q, { durable: true, arguments: this.quorumArgs(service, deliveryLimit) });
    await ch.bindQueue(q, this.commandsExchange, service);
  }

  /** Bound with `<service>.work`; the same quorum arguments (delivery limit, dead-lettering) as the commands queue. */
  async assertWorkQueue(ch: Channel, service: string, deliveryLimit: number): Promise<void> {
    const q = this.workQueue(service);
    await ch.assertQueue(q, { durable: true, arguments: this.quorumArgs(service, deliveryLimit) });
    await ch.bindQueue(q, this.commandsExchange, this.commandRoutingKey(service, 'work'));
  }

  /** TTL queue arguments: every message dead-letters to lipa.commands with `routingKey` after delayMs. */
  retryArgs(routingKey: string, delayMs: number): Record<string, unknown> {
    assertDelayMs(delayMs);
    return {
      'x-message-ttl': delayMs,
      'x-dead-letter-exchange': this.commandsExchange,
      'x-dead-letter-routing-key': routingKey,
    };
  }

  async assertRetryQueue(ch: Channel, service: string, delayMs: number, lane?: CommandLane): Promise<void> {
    await this.assertRetryQueueFor(ch, this.commandRoutingKey(service, lane), delayMs);
  }

  /** Declares retryQueueFor(routingKey, delayMs); returns its name. */
  async assertRetryQueueFor(ch: Channel, routingKey: string, delayMs: number): Promise<string> {
    const q = this.retryQueueFor(routingKey, delayMs);
    await ch.assertQueue(q, { durable: true, arguments: this.retryArgs(routingKey, delayMs) });
    return q;
  }
}
