import { Logger } from '@nestjs/common';
import * as amqpcm from 'amqp-connection-manager';
import type { AmqpConnectionManager, ChannelWrapper, SetupFunc } from 'amqp-connection-manager';
import { Topology } from './topology';
import { ResolvedMessagingOptions } from './options';

/**
 * The one AMQP connection of a service (amqp-connection-manager: reconnects on its own, 5 s
 * heartbeats so a stopped broker is noticed fast). Every channel made here has an 'error' listener,
 * so a channel error is logged and never crashes the process.
 */
export class AmqpConnection {
  private readonly logger = new Logger('Messaging');
  readonly manager: AmqpConnectionManager;
  readonly topology: Topology;
  private readonly channels = new Set<ChannelWrapper>();
  private closed = false;

  constructor(readonly options: ResolvedMessagingOptions) {
    this.topology = new Topology(options.prefix);
    this.manager = amqpcm.connect([options.amqpUrl], {
      heartbeatIntervalInSeconds: 5,
      reconnectTimeInSeconds: 1,
    });
    this.manager.on('connect', () => this.logger.log({ msg: 'amqp.connected', service: options.service }));
    this.manager.on('disconnect', ({ err }: { err?: Error }) => {
      if (!this.closed) this.logger.warn({ msg: 'amqp.disconnected', service: options.service, err: err?.message });
    });
    this.manager.on('connectFailed', ({ err }: { err?: Error }) =>
      this.logger.warn({ msg: 'amqp.connect_failed', service: options.service, err: err?.message }),
    );
    this.manager.on('blocked', ({ reason }: { reason?: string }) =>
      this.logger.warn({ msg: 'amqp.blocked', service: options.service, reason }),
    );
    this.manager.on('error', (err: Error) => this.logger.error({ msg: 'amqp.error', err: err.message }));
  }

  /** For health checks. */
  isConnected(): boolean {
    return !this.closed && this.manager.isConnected();
  }

  /** A managed channel; `setup` runs on every (re)connect before anything queued is published. */
  createChannel(name: string, setup: SetupFunc | undefined, confirm = true): ChannelWrapper {
    const ch = this.manager.createChannel({ name, setup, confirm, json: false });
    ch.on('error', (err: Error, info: { name?: string }) =>
      this.logger.error({ msg: 'amqp.channel_error', channel: info?.name ?? name, err: err.message }),
    );
    this.channels.add(ch);
    return ch;
  }

  async closeChannel(ch: ChannelWrapper): Promise<void> {
    this.channels.delete(ch);
    await ch.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const ch of [...this.channels]) await this.closeChannel(ch);
    await this.manager.close().catch(() => undefined);
  }
}
