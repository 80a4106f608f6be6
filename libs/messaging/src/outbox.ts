import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Envelope } from './envelope';
import { AmqpConnection } from './amqp-connection';
import { notifyChannel, schemaPrefix } from './sql';
import { assertDelayMs, assertLane, type CommandLane } from './topology';

/** Where a command row goes: `service`'s commands queue, or its work queue (`lane: 'work'`), now or after `delayMs`. */
export interface OutboxTarget {
  service: string;
  command: string;
  /** Published after commit to the TTL queue lipa.<service>[.work].retry.<delayMs>; reaches the lane's queue after delayMs (≤ 7 days). */
  delayMs?: number;
  lane?: CommandLane;
}

/**
 * Transactional outbox: add() writes the row in the caller's transaction and NOTIFYs the relay in
 * the same transaction, so the notification fires on commit and never for a rolled-back row.
 * A delayed command is a row like any other, with delay_ms set: the relay sends it to the lane's TTL queue.
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

  /**
   * No target: a domain event to lipa.events (routing key = envelope.type). With target: a command to
   * that service's lane (routing key `<service>` or `<service>.work`), after `delayMs` if given.
   * Throws on a delayMs that is not a positive integer ≤ 7 days or an unknown lane.
   */
  async add(tx: EntityManager, envelope: Envelope, target?: OutboxTarget): Promise<void> {
    const t = this.amqp.topology;
    if (target) {
      assertLane(target.lane);
      if (target.delayMs !== undefined) assertDelayMs(target.delayMs);
    }
    const exchange = target ? t.commandsExchange : t.eventsExchange;
    const routingKey = target ? t.commandRoutingKey(target.service, target.lane) : envelope.type;
    const amqpType = target ? target.command : envelope.type;
    const delayMs = target?.delayMs ?? null;
    // delay_ms only when set, so a schema without OutboxDelayedCommands1764000001000 still takes events and commands.
    const delayColumn = delayMs === null ? '' : ', delay_ms';
    const delayValue = delayMs === null ? '' : ', $12';
    // One round trip: the insert and the notify in one statement, inside the caller's transaction.
    await tx.query(
      `WITH ins AS (
         INSERT INTO ${this.table}
           (id, exchange, routing_key, amqp_type, type, version, occurred_at, correlation_id, merchant_id, payload${delayColumn})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb${delayValue})
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
        ...(delayMs === null ? [] : [delayMs]),
      ],
    );
  }
}
