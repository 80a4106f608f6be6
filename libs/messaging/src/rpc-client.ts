import { Injectable, Logger } from '@nestjs/common';
import type { Channel, ConsumeMessage } from 'amqplib';
import type { ChannelWrapper } from 'amqp-connection-manager';

import { AmqpConnection } from './amqp-connection';
import { newEnvelope } from './envelope';
import { RpcError, RpcTimeoutError } from './errors';
import { assertDelayMs, assertLane, type CommandLane } from './topology';
import { toBody, toPublishOptions } from './wire';

const REPLY_TO = 'amq.rabbitmq.reply-to';

export interface RpcMeta {
  correlationId: string;
  merchantId?: string;
  timeoutMs?: number;
}

/** `lane: 'work'`: to the service's work queue (lipa.<service>.work) instead of its commands queue. */
export interface SendOptions {
  lane?: CommandLane;
}

/** What a command consumer answers to a request (the wire shape of a reply). */
export type RpcReply = { ok: true; result?: unknown } | { ok: false; error_code: string; message: string; status: number; details?: Record<string, unknown> };

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Commands and request/reply over lipa.commands. Replies come through RabbitMQ's direct reply-to:
 * the pseudo-queue is consumed (noAck) on the same channel that publishes the requests, and the
 * consumer is re-established by the channel's setup on every reconnect. A request in flight during
 * an outage times out. Requests are matched to replies by the request's message id (the AMQP
 * correlation_id property carries the business correlation id of the envelope).
 */
@Injectable()
export class RpcClient {
  private readonly logger = new Logger('Messaging');
  private wrapper?: ChannelWrapper;
  private readonly pending = new Map<string, Pending>();
  private readonly retryQueues = new Map<string, Promise<void>>();

  constructor(private readonly amqp: AmqpConnection) {}

  async request<R>(service: string, command: string, payload: unknown, meta: RpcMeta): Promise<R> {
    const timeoutMs = meta.timeoutMs ?? this.amqp.options.rpcTimeoutMs;
    const envelope = newEnvelope(command, payload, meta);
    const ch = this.channel();
    const result = new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelope.id);
        reject(new RpcTimeoutError(`${service}.${command} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(envelope.id, { resolve: resolve as (v: unknown) => void, reject, timer });
    });
    ch.publish(this.amqp.topology.commandsExchange, service, toBody(payload), {
      ...toPublishOptions(envelope, command),
      replyTo: REPLY_TO,
      // The deadline travels with the request: the broker drops it once nobody waits for it.
      expiration: String(timeoutMs),
      persistent: false,
      timeout: timeoutMs,
    }).catch((err: Error) => {
      const p = this.pending.get(envelope.id);
      if (!p) return;
      this.pending.delete(envelope.id);
      clearTimeout(p.timer);
      p.reject(err.message === 'timeout' ? new RpcTimeoutError(`${service}.${command}: broker unavailable`) : err);
    });
    return result;
  }

  /** Fire-and-forget command (to the work lane with `{ lane: 'work' }`); resolves once the broker confirmed it. */
  async send(service: string, command: string, payload: unknown, meta: RpcMeta, opts: SendOptions = {}): Promise<void> {
    assertLane(opts.lane);
    const envelope = newEnvelope(command, payload, meta);
    const t = this.amqp.topology;
    await this.channel().publish(t.commandsExchange, t.commandRoutingKey(service, opts.lane), toBody(payload), {
      ...toPublishOptions(envelope, command),
      timeout: meta.timeoutMs ?? this.amqp.options.rpcTimeoutMs,
    });
  }

  /**
   * A command that reaches `service`'s command queue (or work queue, `{ lane: 'work' }`) after
   * `delayMs` (a positive integer ≤ 7 days): it waits in the TTL queue lipa.<service>.retry.<delayMs>
   * (lipa.<service>.work.retry.<delayMs>), which dead-letters into lipa.commands (declared on first use).
   * Not transactional: inside a transaction, use Outbox.add with `delayMs`.
   */
  async sendDelayed(service: string, command: string, payload: unknown, meta: RpcMeta, delayMs: number, opts: SendOptions = {}): Promise<void> {
    assertDelayMs(delayMs);
    assertLane(opts.lane);
    const ch = this.channel();
    const t = this.amqp.topology;
    const lane = opts.lane;
    const queue = t.retryQueue(service, delayMs, lane);
    let declared = this.retryQueues.get(queue);
    if (!declared) {
      // A setup, so it is declared again after a reconnect; concurrent callers wait for the same one.
      declared = ch.addSetup(async (raw: Channel) => {
        await t.assertExchanges(raw);
        await t.assertRetryQueue(raw, service, delayMs, lane);
      });
      this.retryQueues.set(queue, declared);
    }
    await declared;
    const envelope = newEnvelope(command, payload, meta);
    await ch.sendToQueue(queue, toBody(payload), {
      ...toPublishOptions(envelope, command),
      timeout: meta.timeoutMs ?? this.amqp.options.rpcTimeoutMs,
    });
  }

  /** Rejects requests in flight (used at shutdown). */
  close(): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new RpcTimeoutError('messaging is shutting down'));
      this.pending.delete(id);
    }
  }

  private channel(): ChannelWrapper {
    if (!this.wrapper) {
      this.wrapper = this.amqp.createChannel('rpc-client', async (ch: Channel) => {
        await this.amqp.topology.assertExchanges(ch);
        await ch.consume(REPLY_TO, (msg) => this.onReply(msg), { noAck: true });
      });
    }
    return this.wrapper;
  }

  private onReply(msg: ConsumeMessage | null): void {
    if (!msg) return;
    const id = msg.properties.correlationId as string | undefined;
    const p = id ? this.pending.get(id) : undefined;
    if (!id || !p) {
      this.logger.warn({ msg: 'rpc.late_reply', request_id: id });
      return;
    }
    this.pending.delete(id);
    clearTimeout(p.timer);
    let reply: RpcReply;
    try {
      reply = JSON.parse(msg.content.toString('utf8')) as RpcReply;
    } catch {
      p.reject(new RpcError('internal_error', 500, 'Malformed reply'));
      return;
    }
    if (reply.ok) p.resolve(reply.result);
    else p.reject(new RpcError(reply.error_code, reply.status, reply.message, reply.details));
  }
}
