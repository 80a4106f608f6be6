import { PlatformModule, ServiceConfig } from '@lipa/platform';
import { DynamicModule, Module } from '@nestjs/common';
import type { MigrationInterface } from 'typeorm';
import { MessagingModule } from './messaging.module';
import { MESSAGING_MIGRATIONS } from './migrations';
import type { MessagingOptions } from './options';

export interface ServiceRuntimeOptions<C extends ServiceConfig> {
  /** e.g. 'stk-service': names its logs and its queues (lipa.<service>.*). */
  service: string;
  config: C;
  configClass: new () => C;
  /** The Postgres schema the service owns. */
  schema: string;
  /** The service's own migrations; the outbox and inbox tables are created before them. */
  migrations: (new () => MigrationInterface)[];
  poolSize?: number;
  /** Prefetch, work-lane prefetch (`workPrefetch`), delivery limit and RPC timeout; broker URL and prefix come from the config. */
  messaging?: Omit<MessagingOptions, 'service' | 'amqpUrl' | 'prefix'>;
}

/**
 * What every Lipa service stands on, in one import: config, logging, its migrated schema (outbox and
 * inbox included), Redis, health and metrics (PlatformModule) and the message bus (MessagingModule).
 */
@Module({})
export class ServiceRuntimeModule {
  static forService<C extends ServiceConfig>(options: ServiceRuntimeOptions<C>): DynamicModule {
    const { service, config } = options;
    return {
      module: ServiceRuntimeModule,
      imports: [
        PlatformModule.forService({
          service,
          config,
          configClass: options.configClass,
          redis: true,
          database: {
            schema: options.schema,
            entities: [],
            migrations: [...MESSAGING_MIGRATIONS, ...options.migrations],
            poolSize: options.poolSize,
          },
        }),
        MessagingModule.forRoot({ service, amqpUrl: config.AMQP_URL, prefix: config.AMQP_PREFIX, ...options.messaging }),
      ],
    };
  }
}
