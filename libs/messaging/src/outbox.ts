import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Envelope } from './envelope';
import { AmqpConnection } from './amqp-connection';
import { notifyChannel, schemaPrefix } from './sql';

/**
 * Transactional outbox: add() writes the row in the caller's transaction and NOTIFYs the relay in
 * the same transaction, so the notification fires on commit and never for a rolled-back row.
 */
@Injectable()
export class Outbox {
  private readonly table: string;
  private readonly channel: string;

  constructor(
    @Inject(DataSource) dataSource: DataSource,
    private readonly amqp: AmqpConnection,
  ) {
    this.table = `${schemaPrefix(dataSource)}outbox`;
    this.channel = notifyChannel(dataSource);
  }

  /** No target: a domain event to lipa.events (routing key = envelope.type). With target: a command to that service. */
  async add(tx: EntityManager, envelope: Envelope, target?: { command: string; service: string }): Promise<void> {
    const t = this.amqp.topology;
    const exchange = target ? t.commandsExchange : t.eventsExchange;
    const routingKey = target ? target.service : envelope.type;
    const amqpType = target ? target.command : envelope.type;
    // One round trip: the insert and the notify in one statement, inside the caller's transaction.
    await tx.query(
      `WITH ins AS (
         INSERT INTO ${this.table}
           (id, exchange, routing_key, amqp_type, type, version, occurred_at, correlation_id, merchant_id, payload)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)
         RETURNING 1
       )
       SELECT pg_notify($11, '') FROM ins`,
      [
        envelope.id,
        exchange,
        routingKey,
        amqpType,
        envelope.type,
        envelope.version,
        envelope.occurred_at,
        envelope.correlation_id,
        envelope.merchant_id ?? null,
        JSON.stringify(envelope.payload ?? null),
        this.channel,
      ],
    );
  }
}
