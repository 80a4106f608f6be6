import { Logger } from '@nestjs/common';
import * as amqpcm from 'amqp-connection-manager';
import type { AmqpConnectionManager, ChannelWrapper, SetupFunc } from 'amqp-connection-manager';
import { Topology } from './topology';
import { MessagingOptions, ResolvedMessagingOptions, resolveOptions } from './options';
import type { Channel } from 'amqplib';

const FORCED_RECONNECT_INTERVAL_MS = 5_000;

/**
 * The one AMQP connection of a service (amqp-connection-manager: reconnects on its own, 5 s
 * heartbeats so a stopped broker is noticed fast; TCP_NODELAY). Every channel made here has an 'error' listener,
 * so a channel error is logged and never crashes the process.
 */
export class AmqpConnection {
  private readonly logger = new Logger('Messaging');
  readonly manager: AmqpConnectionManager;
  readonly topology: Topology;
  private readonly channels = new Set<ChannelWrapper>();
  private closed = false;
  private reconnectTimer?: NodeJS.Timeout;
  private lastForcedReconnect = 0;

  readonly options: ResolvedMessagingOptions;

  /** Unset options take their defaults (resolveOptions). */
  constructor(options: MessagingOptions) {
    this.options = resolveOptions(options);
    this.topology = new Topology(this.options.prefix);
    this.manager = amqpcm.connect([options.amqpUrl], {
      heartbeatIntervalInSeconds: 5,
      reconnectTimeInSeconds: 1,
      // amqplib leaves Nagle on: a small frame (an ack, a publish) written while an earlier one is
      // unacknowledged waits for the broker's delayed TCP ACK (about 40 ms on Linux).
      connectionOptions: { noDelay: true },
    });
    this.manager.on('connect', () => this.logger.log({ msg: 'amqp.connected', service: options.service }));
    this.manager.on('disconnect', ({ err }: { err?: Error }) => {
      if (!this.closed) this.logger.warn({ msg: 'amqp.disconnected', service: options.service, err: err?.message });
    });
    this.manager.on('connectFailed', ({ err }: { err?: Error }) =>
      this.logger.warn({ msg: 'amqp.connect_failed', service: options.service, err: err?.message }),
    );
    this.manager.on('blocked', ({ reason }: { reason?: string }) => this.logger.warn({ msg: 'amqp.blocked', service: options.service, reason }));
    this.manager.on('error', (err: Error) => this.logger.error({ msg: 'amqp.error', err: err.message }));
  }

  /** For health checks. */
  isConnected(): boolean {
    return !this.closed && this.manager.isConnected();
  }

  /** A managed channel; `setup` runs on every (re)connect before anything queued is published. */
  createChannel(name: string, setup: SetupFunc | undefined, confirm = true): ChannelWrapper {
    const guarded = async (raw: Channel): Promise<void> => {
      raw.on('error', (err: Error) => this.onChannelError(name, err));
      if (setup) await (setup as (c: Channel) => Promise<void>)(raw);
    };
    const ch = this.manager.createChannel({ name, setup: guarded, confirm, json: false });
    ch.on('error', (err: Error, info: { name?: string }) =>
      this.logger.error({ msg: 'amqp.channel_setup_error', channel: info?.name ?? name, err: err.message }),
    );
    this.channels.add(ch);
    return ch;
  }

  /**
   * amqp-connection-manager re-creates channels only when the connection comes back, so a channel
   * closed by a channel-level error (404, 406…) would stay dead: reconnect the whole connection,
   * at most every few seconds, so every channel and consumer is set up again.
   */
  private onChannelError(name: string, err: Error): void {
    this.logger.error({ msg: 'amqp.channel_error', channel: name, err: err.message });
    if (this.closed || this.reconnectTimer) return;
    const wait = Math.max(0, this.lastForcedReconnect + FORCED_RECONNECT_INTERVAL_MS - Date.now());
    this.reconnectTimer = setTimeout(
      () => {
        this.reconnectTimer = undefined;
        if (this.closed) return;
        this.lastForcedReconnect = Date.now();
        this.logger.warn({ msg: 'amqp.forced_reconnect', after_channel_error: name });
        try {
          this.manager.reconnect();
        } catch {
          // closed meanwhile
        }
      },
      Math.max(wait, 100),
    );
    this.reconnectTimer.unref();
  }

  async closeChannel(ch: ChannelWrapper): Promise<void> {
    this.channels.delete(ch);
    await ch.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    for (const ch of [...this.channels]) await this.closeChannel(ch);
    await this.manager.close().catch(() => undefined);
  }
}
