import { CreateMessagingTables1764000000000, Envelope, MessagingModule, OnEvent } from '@lipa/messaging';
import { PlatformModule, ServiceConfig, loadConfig } from '@lipa/platform';
import { INestApplicationContext, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';

export interface EventProbe {
  events: Envelope[];
  ofType(type: string): Envelope[];
  close(): Promise<void>;
}

/**
 * A throwaway service that subscribes to the given event types on a suite's prefix and records what
 * arrives, so a test can see exactly what a service published (through the real broker).
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
  const config = loadConfig(ServiceConfig, { DATABASE_URL: options.databaseUrl, AMQP_PREFIX: options.amqpPrefix, LOG_LEVEL: 'warn', REDIS_KEY_PREFIX: `${options.amqpPrefix}probe:` });

  @Module({
    imports: [
      PlatformModule.forService({ service, config, configClass: ServiceConfig, database: { schema: service.replace('-', '_'), entities: [], migrations: [CreateMessagingTables1764000000000] } }),
      MessagingModule.forRoot({ service, amqpUrl: config.AMQP_URL, prefix: config.AMQP_PREFIX }),
    ],
    providers: [ProbeConsumer],
  })
  class ProbeModule {}

  const app: INestApplicationContext = await NestFactory.createApplicationContext(ProbeModule, { logger: ['error', 'warn'] });
  await app.init();
  return {
    events,
    ofType: (type) => events.filter((event) => event.type === type),
    close: () => app.close(),
  };
}
