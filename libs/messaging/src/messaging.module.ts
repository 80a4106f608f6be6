import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown, OnModuleDestroy } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BROKER_PROBE } from '@lipa/platform';
import { AmqpConnection } from './amqp-connection';
import { ConsumerHost } from './consumer-host';
import { DeadLetterQueue } from './dead-letter-queue';
import { MESSAGING_OPTIONS, MessagingOptions, resolveOptions } from './options';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';
import { RpcClient } from './rpc-client';

/** Starts consumers and the relay once every provider exists; stops them before the DataSource closes. */
@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private started = false;

  constructor(
    private readonly amqp: AmqpConnection,
    private readonly consumers: ConsumerHost,
    private readonly relay: OutboxRelay,
    private readonly rpc: RpcClient,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.consumers.discover(); // throws on duplicate handlers: the app refuses to start
    this.started = true;
    await this.relay.start();
    await this.consumers.start();
  }

  async onModuleDestroy(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.consumers.stop();
    await this.relay.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.onModuleDestroy();
    this.rpc.close();
    await this.amqp.close();
  }
}

@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        {
          provide: AmqpConnection,
          inject: [MESSAGING_OPTIONS],
          useFactory: (o: MessagingOptions) => new AmqpConnection(resolveOptions(o)),
        },
        Outbox,
        RpcClient,
        DeadLetterQueue,
        OutboxRelay,
        ConsumerHost,
        MessagingLifecycle,
        // @lipa/platform's readiness check asks this for the broker.
        { provide: BROKER_PROBE, useExisting: AmqpConnection },
      ],
      exports: [MESSAGING_OPTIONS, AmqpConnection, Outbox, RpcClient, DeadLetterQueue, BROKER_PROBE],
    };
  }
}

// Keeps `Inject` referenced for consumers that want the raw options.
export const InjectMessagingOptions = (): ParameterDecorator => Inject(MESSAGING_OPTIONS);
