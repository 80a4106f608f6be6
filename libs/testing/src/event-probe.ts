import { MESSAGING_MIGRATIONS, Envelope, MessagingModule, OnEvent, Outbox, RpcClient, newEnvelope } from '@lipa/messaging';
import { DataSource } from 'typeorm';
import { PlatformModule, ServiceConfig, loadConfig } from '@lipa/platform';
import { INestApplicationContext, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';

export interface EventProbe {
  events: Envelope[];
  ofType(type: string): Envelope[];
  /** Publishes an event through the probe's own outbox, as another service would. */
  publish(type: string, payload: unknown, meta?: { merchantId?: string; id?: string }): Promise<Envelope>;
  /** Calls a service over RPC, as api-gateway would. */
  rpc: RpcClient;
  close(): Promise<void>;
}

/**
 * A throwaway service on a suite's prefix: it records the events of the given types (to see exactly what
 * a service published, through the real broker), publishes events and makes RPC calls like a peer would.
 */
export async function startEventProbe(options: { databaseUrl: string; amqpPrefix: string; eventTypes: string[] }): Promise<EventProbe> {
  const events: Envelope[] = [];

  @Injectable()
  class ProbeConsumer {}
  options.eventTypes.forEach((type, index) => {
    const method = `on${index}`;
    Object.defineProperty(ProbeConsumer.prototype, method, {
      value: async (_tx: unknown, envelope: Envelope) => {
        events.push(envelope);
      },
      writable: true,
      configurable: true,
    });
    OnEvent(type)(ProbeConsumer.prototype, method, Object.getOwnPropertyDescriptor(ProbeConsumer.prototype, method) as PropertyDescriptor);
  });

  const service = `probe-${randomBytes(3).toString('hex')}`;
  const config = loadConfig(ServiceConfig, {
    DATABASE_URL: options.databaseUrl,
    AMQP_PREFIX: options.amqpPrefix,
    LOG_LEVEL: 'warn',
    REDIS_KEY_PREFIX: `${options.amqpPrefix}probe:`,
  });

  @Module({
    imports: [
      PlatformModule.forService({
        service,
        config,
        configClass: ServiceConfig,
        database: { schema: service.replace('-', '_'), entities: [], migrations: [...MESSAGING_MIGRATIONS] },
      }),
      MessagingModule.forRoot({ service, amqpUrl: config.AMQP_URL, prefix: config.AMQP_PREFIX }),
    ],
    providers: [ProbeConsumer],
  })
  class ProbeModule {}

  const app: INestApplicationContext = await NestFactory.createApplicationContext(ProbeModule, { logger: ['error', 'warn'] });
  await app.init();
  const dataSource = app.get(DataSource);
  const outbox = app.get(Outbox);
  return {
    events,
    ofType: (type) => events.filter((event) => event.type === type),
    publish: async (type, payload, meta = {}) => {
      const envelope = newEnvelope(type, payload, { correlationId: `probe_${randomBytes(4).toString('hex')}`, ...meta });
      await dataSource.transaction((tx) => outbox.add(tx, envelope));
      return envelope;
    },
    rpc: app.get(RpcClient),
    close: () => app.close(),
  };
}
