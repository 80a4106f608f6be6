import { Inject, Injectable, Logger } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { Channel, ConsumeMessage } from 'amqplib';
import type { ChannelWrapper } from 'amqp-connection-manager';
import { DataSource, EntityManager } from 'typeorm';
import { AmqpConnection } from './amqp-connection';
import { CommandMeta, ON_COMMAND, ON_COMMAND_LANE, ON_EVENT } from './decorators';
import type { Envelope } from './envelope';
import { ContractViolation } from '@lipa/contracts';
import { RequestValidationError, toErrorResponse, unstorableValueSqlState } from '@lipa/platform';
import { isLipaErrorShape } from './lipa-error';
import type { RpcReply } from './rpc-client';
import { schemaPrefix } from './sql';
import type { CommandLane } from './topology';
import { fromMessage, toBody } from './wire';

type EventHandler = (tx: EntityManager, envelope: Envelope) => Promise<void>;
type CommandHandler = (payload: unknown, meta: CommandMeta) => Promise<unknown>;

interface Registered<H> {
  handler: H;
  owner: string;
  lane?: CommandLane;
}

/**
 * Finds the @OnEvent/@OnCommand handlers, declares this service's queues, binds exactly the event
 * types that have a handler, and consumes with bounded prefetch. Events run in the inbox
 * transaction and are acked after commit; commands are answered (RPC) or acked/requeued.
 * Work-lane commands (`@OnCommand(name, { lane: 'work' })`) come from lipa.<service>.work on a
 * channel of their own with `workPrefetch`, so slow handlers never hold the commands queue's slots.
 */
@Injectable()
export class ConsumerHost {
  private readonly logger = new Logger('Messaging');
  private readonly events = new Map<string, Registered<EventHandler>>();
  private readonly commands = new Map<string, Registered<CommandHandler>>();
  private readonly wrappers: ChannelWrapper[] = [];
  private readonly consumerTags = new Map<Channel, string[]>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly inbox: string;
  private stopping = false;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly amqp: AmqpConnection,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {
    this.inbox = `${schemaPrefix(dataSource)}inbox`;
  }

  /** Throws when two handlers claim the same event or command: the service must not start. */
  discover(): void {
    const seen = new Set<object>();
    for (const wrapper of [...this.discovery.getProviders(), ...this.discovery.getControllers()]) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || seen.has(instance)) continue;
      if (!wrapper.isDependencyTreeStatic()) continue;
      seen.add(instance);
      const proto = Object.getPrototypeOf(instance) as object | null;
      if (!proto) continue;
      for (const name of this.scanner.getAllMethodNames(proto)) {
        const fn = instance[name];
        if (typeof fn !== 'function') continue;
        const owner = `${instance.constructor?.name ?? 'anonymous'}.${name}`;
        const event = this.reflector.get<string | undefined>(ON_EVENT, fn as () => unknown);
        const command = this.reflector.get<string | undefined>(ON_COMMAND, fn as () => unknown);
        if (event) this.register(this.events, 'event', event, owner, (fn as EventHandler).bind(instance));
        if (command) {
          const lane = this.reflector.get<CommandLane | undefined>(ON_COMMAND_LANE, fn as () => unknown);
          this.register(this.commands, 'command', command, owner, (fn as CommandHandler).bind(instance), lane);
        }
      }
    }
  }

  private register<H>(map: Map<string, Registered<H>>, kind: string, key: string, owner: string, handler: H, lane?: CommandLane): void {
    const existing = map.get(key);
    if (existing) {
      throw new Error(`Two handlers for ${kind} '${key}': ${existing.owner} and ${owner}; exactly one is allowed`);
    }
    map.set(key, lane ? { handler, owner, lane } : { handler, owner });
  }

  eventTypes(): string[] {
    return [...this.events.keys()];
  }

  /** Every command name, whichever lane it is consumed on. */
  commandNames(): string[] {
    return [...this.commands.keys()];
  }

  /** The commands consumed from lipa.<service>.work. */
  workCommandNames(): string[] {
    return [...this.commands].filter(([, r]) => r.lane === 'work').map(([name]) => name);
  }

  /** Declares the topology and starts consuming; resolves once both channels are set up (bounded wait). */
  async start(readyTimeoutMs = 10_000): Promise<void> {
    const { service, deliveryLimit, prefetch, workPrefetch } = this.amqp.options;
    const t = this.amqp.topology;
    if (this.events.size > 0) {
      const types = this.eventTypes();
      this.wrappers.push(
        this.amqp.createChannel(
          'events-consumer',
          async (ch: Channel) => {
            await t.assertExchanges(ch);
            await t.assertDlq(ch, service);
            await t.assertEventsQueue(ch, service, deliveryLimit, types);
            await ch.prefetch(prefetch);
            const { consumerTag } = await ch.consume(t.eventsQueue(service), (msg) => this.track(this.onEvent(ch, msg)));
            this.consumerTags.set(ch, [consumerTag]);
            ch.on('close', () => this.consumerTags.delete(ch));
          },
          false,
        ),
      );
    }
    const work = this.workCommandNames();
    // Declared whenever there is a command (a command sent to the wrong lane is still handled: dispatch is by name).
    if (this.commands.size > 0) {
      this.wrappers.push(
        this.amqp.createChannel(
          'commands-consumer',
          async (ch: Channel) => {
            await t.assertExchanges(ch);
            await t.assertDlq(ch, service);
            await t.assertCommandsQueue(ch, service, deliveryLimit);
            await ch.prefetch(prefetch);
            const { consumerTag } = await ch.consume(t.commandsQueue(service), (msg) => this.track(this.onCommand(ch, msg)));
            this.consumerTags.set(ch, [consumerTag]);
            ch.on('close', () => this.consumerTags.delete(ch));
          },
          false,
        ),
      );
    }
    if (work.length > 0) {
      // Its own channel, so its prefetch window is its own: RPCs on the commands queue never wait behind it.
      this.wrappers.push(
        this.amqp.createChannel(
          'work-consumer',
          async (ch: Channel) => {
            await t.assertExchanges(ch);
            await t.assertDlq(ch, service);
            await t.assertWorkQueue(ch, service, deliveryLimit);
            await ch.prefetch(workPrefetch);
            const { consumerTag } = await ch.consume(t.workQueue(service), (msg) => this.track(this.onCommand(ch, msg)));
            this.consumerTags.set(ch, [consumerTag]);
            ch.on('close', () => this.consumerTags.delete(ch));
          },
          false,
        ),
      );
    }
    const ready = Promise.all(this.wrappers.map((w) => w.waitForConnect()));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      ready.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), readyTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) this.logger.warn({ msg: 'messaging.consumers_not_ready', service, wait_ms: readyTimeoutMs });
    else this.logger.log({ msg: 'messaging.consuming', service, events: this.eventTypes(), commands: this.commandNames(), work_commands: work });
  }

  /** Stops taking messages, lets the ones in flight finish (bounded), closes the channels. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    for (const [ch, tags] of this.consumerTags) {
      for (const tag of tags) await ch.cancel(tag).catch(() => undefined);
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((resolve) => {
        timer = setTimeout(resolve, graceMs);
      }),
    ]);
    clearTimeout(timer);
    for (const w of this.wrappers) await this.amqp.closeChannel(w);
    this.wrappers.length = 0;
  }

  private track(p: Promise<void>): void {
    // onEvent/onCommand settle every message themselves; this only guards against a bug there
    // turning into an unhandled rejection (which would end the process).
    const guarded = p.catch((err: unknown) =>
      this.logger.error({ msg: 'message.unexpected_error', err: (err as Error)?.message, stack: (err as Error)?.stack }),
    );
    this.inFlight.add(guarded);
    void guarded.finally(() => this.inFlight.delete(guarded));
  }

  private async onEvent(ch: Channel, msg: ConsumeMessage | null): Promise<void> {
    if (!msg) return; // cancelled by the broker (queue deleted); the setup re-consumes on reconnect
    let envelope: Envelope;
    try {
      envelope = fromMessage(msg);
    } catch (err) {
      return this.deadLetter(ch, msg, (err as Error).message);
    }
    const registered = this.events.get(envelope.type) ?? this.events.get(msg.fields.routingKey);
    if (!registered) return this.deadLetter(ch, msg, `no handler for event '${envelope.type}'`);
    try {
      const duplicate = await this.dataSource.transaction(async (tx) => {
        const rows: unknown[] = await tx.query(`INSERT INTO ${this.inbox} (envelope_id, type) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING envelope_id`, [
          envelope.id,
          envelope.type,
        ]);
        if (rows.length === 0) return true;
        await registered.handler(tx, envelope);
        return false;
      });
      if (duplicate) {
        this.logger.log({ msg: 'inbox.duplicate', envelope_id: envelope.id, type: envelope.type, correlation_id: envelope.correlation_id });
      } else {
        this.logger.log({ msg: 'event.handled', envelope_id: envelope.id, type: envelope.type, correlation_id: envelope.correlation_id });
      }
      this.settle(ch, msg, 'ack');
    } catch (err) {
      this.logger.warn({
        msg: 'event.handler_failed',
        envelope_id: envelope.id,
        type: envelope.type,
        correlation_id: envelope.correlation_id,
        delivery_count: deliveryCount(msg),
        delivery_limit: this.amqp.options.deliveryLimit,
        err: (err as Error)?.message,
        stack: (err as Error)?.stack,
      });
      this.settle(ch, msg, 'requeue');
    }
  }

  private async onCommand(ch: Channel, msg: ConsumeMessage | null): Promise<void> {
    if (!msg) return;
    const replyTo = msg.properties.replyTo as string | undefined;
    let envelope: Envelope;
    try {
      envelope = fromMessage(msg);
    } catch (err) {
      if (replyTo) this.reply(ch, msg, { ok: false, error_code: 'bad_message', status: 400, message: 'Malformed command' });
      return this.deadLetter(ch, msg, (err as Error).message);
    }
    const registered = this.commands.get(envelope.type);
    if (!registered) {
      if (replyTo) {
        this.reply(ch, msg, { ok: false, error_code: 'unknown_command', status: 501, message: `Unknown command '${envelope.type}'` });
      }
      return this.deadLetter(ch, msg, `no handler for command '${envelope.type}'`);
    }
    const meta: CommandMeta = { correlationId: envelope.correlation_id, envelopeId: envelope.id };
    if (envelope.merchant_id !== undefined) meta.merchantId = envelope.merchant_id;
    const log = { command: envelope.type, envelope_id: envelope.id, correlation_id: envelope.correlation_id };

    if (replyTo) {
      let reply: RpcReply;
      try {
        reply = { ok: true, result: await registered.handler(envelope.payload, meta) };
      } catch (thrown) {
        // A payload that fails its contract (parseContract) is the caller's mistake: 400, not 500.
        const err = thrown instanceof ContractViolation ? new RequestValidationError(thrown.problems.join('; ') || 'Invalid request') : thrown;
        if (unstorableValueSqlState(err)) {
          // Postgres refused a value of the request (too long, out of range): the caller's data, so a 400, as over HTTP.
          const { body } = toErrorResponse(err, envelope.correlation_id);
          reply = { ok: false, error_code: body.error_code, message: body.message, status: 400, details: { errors: body.errors } };
          this.logger.warn({ ...log, msg: 'command.unstorable_value', sqlstate: unstorableValueSqlState(err) });
        } else if (isLipaErrorShape(err)) {
          reply = { ok: false, error_code: err.code, message: err.message, status: err.status };
          if (err.details && typeof err.details === 'object') reply.details = err.details;
          this.logger.log({ ...log, msg: 'command.refused', error_code: err.code });
        } else {
          this.logger.error({ ...log, msg: 'command.failed', err: (err as Error)?.message, stack: (err as Error)?.stack });
          reply = { ok: false, error_code: 'internal_error', status: 500, message: 'Internal error' };
        }
      }
      this.reply(ch, msg, reply);
      this.settle(ch, msg, 'ack');
      return;
    }

    try {
      await registered.handler(envelope.payload, meta);
      this.logger.log({ ...log, msg: 'command.handled' });
      this.settle(ch, msg, 'ack');
    } catch (err) {
      this.logger.warn({
        ...log,
        msg: 'command.handler_failed',
        delivery_count: deliveryCount(msg),
        delivery_limit: this.amqp.options.deliveryLimit,
        err: (err as Error)?.message,
        stack: (err as Error)?.stack,
      });
      this.settle(ch, msg, 'requeue');
    }
  }

  private reply(ch: Channel, msg: ConsumeMessage, reply: RpcReply): void {
    try {
      // Matched by the caller on the request's message id.
      ch.publish('', msg.properties.replyTo as string, toBody(reply), {
        correlationId: msg.properties.messageId as string,
        contentType: 'application/json',
      });
    } catch (err) {
      this.logger.warn({ msg: 'rpc.reply_failed', err: (err as Error).message });
    }
  }

  private deadLetter(ch: Channel, msg: ConsumeMessage, reason: string): void {
    this.logger.warn({
      msg: 'message.dead_lettered',
      reason,
      message_id: msg.properties.messageId,
      type: msg.properties.type,
      routing_key: msg.fields.routingKey,
    });
    this.settle(ch, msg, 'dead-letter');
  }

  /** The channel may have closed while the handler ran: then the broker redelivers, nothing to do. */
  private settle(ch: Channel, msg: ConsumeMessage, how: 'ack' | 'requeue' | 'dead-letter'): void {
    try {
      if (how === 'ack') ch.ack(msg);
      else ch.nack(msg, false, how === 'requeue');
    } catch (err) {
      this.logger.warn({ msg: 'message.settle_failed', how, message_id: msg.properties.messageId, err: (err as Error).message });
    }
  }

  get isStopping(): boolean {
    return this.stopping;
  }
}

function deliveryCount(msg: ConsumeMessage): number {
  const h = (msg.properties.headers ?? {}) as Record<string, unknown>;
  return Number(h['x-delivery-count'] ?? 0) + 1;
}
