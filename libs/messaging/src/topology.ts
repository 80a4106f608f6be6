import type { Channel } from 'amqplib';

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
  retryQueue(service: string, delayMs: number): string {
    return `${this.prefix}lipa.${service}.retry.${delayMs}`;
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

  async assertRetryQueue(ch: Channel, service: string, delayMs: number): Promise<void> {
    await ch.assertQueue(this.retryQueue(service, delayMs), {
      durable: true,
      arguments: {
        'x-message-ttl': delayMs,
        'x-dead-letter-exchange': this.commandsExchange,
        'x-dead-letter-routing-key': service,
      },
    });
  }
}
