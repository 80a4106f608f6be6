import { Injectable, Logger } from '@nestjs/common';
import type { Channel, ConfirmChannel } from 'amqplib';
import type { ChannelWrapper } from 'amqp-connection-manager';
import { AmqpConnection } from './amqp-connection';

const MAX_REPLAY = 1_000;

interface XDeath {
  queue?: string;
  reason?: string;
  count?: number;
}

/**
 * This service's poison messages (lipa.<service>.dlq): count them, and replay them (for example
 * from an admin command once the bug is fixed). A replayed message goes back to the queue it died
 * in (from its x-death header), not through the exchange, so other services never see it again.
 */
@Injectable()
export class DeadLetterQueue {
  private readonly logger = new Logger('Messaging');
  private wrapper?: ChannelWrapper;

  constructor(private readonly amqp: AmqpConnection) {}

  async count(): Promise<number> {
    const { messageCount } = await this.channel().checkQueue(this.queue);
    return messageCount;
  }

  /** Moves up to `limit` (≤ 1000) messages back to their queues; returns how many moved. */
  async replay(limit = 100): Promise<number> {
    const max = Math.min(Math.max(0, Math.floor(limit)), MAX_REPLAY);
    let moved = 0;
    const raw = await this.rawChannel();
    while (moved < max) {
      const msg = await raw.get(this.queue, { noAck: false });
      if (!msg) break;
      const headers = { ...(msg.properties.headers ?? {}) } as Record<string, unknown>;
      const deaths = (headers['x-death'] as XDeath[] | undefined) ?? [];
      const target = deaths[0]?.queue;
      if (!target) {
        raw.nack(msg, false, true);
        this.logger.warn({ msg: 'dlq.replay_skipped', message_id: msg.properties.messageId, reason: 'no x-death queue' });
        break;
      }
      headers['x-replayed-from-dlq'] = (Number(headers['x-replayed-from-dlq']) || 0) + 1;
      raw.sendToQueue(target, msg.content, { ...msg.properties, headers });
      await raw.waitForConfirms();
      raw.ack(msg);
      moved += 1;
      this.logger.log({ msg: 'dlq.replayed', message_id: msg.properties.messageId, type: msg.properties.type, queue: target });
    }
    return moved;
  }

  private get queue(): string {
    return this.amqp.topology.dlq(this.amqp.options.service);
  }

  private current: ConfirmChannel | null = null;

  private rawChannel(): Promise<ConfirmChannel> {
    return this.channel()
      .waitForConnect()
      .then(() => {
        if (!this.current) throw new Error('broker unavailable');
        return this.current;
      });
  }

  private channel(): ChannelWrapper {
    if (!this.wrapper) {
      this.wrapper = this.amqp.createChannel('dead-letters', async (ch: Channel) => {
        const t = this.amqp.topology;
        await t.assertExchanges(ch);
        await t.assertDlq(ch, this.amqp.options.service);
        this.current = ch as ConfirmChannel;
        ch.on('close', () => {
          if (this.current === ch) this.current = null;
        });
      });
    }
    return this.wrapper;
  }
}
