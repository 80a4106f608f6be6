import { DynamicModule, Global, Injectable, Module, OnApplicationShutdown, Optional } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import Redis from 'ioredis';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { DataSource } from 'typeorm';
import { ServiceConfig } from './config';
import { ServiceDatabaseOptions, initializeServiceDatabase } from './database';
import { HealthController, ReadinessChecks } from './health';
import { HttpErrorFilter } from './http-error.filter';
import { loggerModuleParams } from './logging';
import { MetricsController } from './metrics';
import { createRedis } from './redis';

export interface PlatformModuleOptions<C extends ServiceConfig> {
  /** The service's name as it appears in logs and queue names, e.g. 'stk-service'. */
  service: string;
  config: C;
  /** The config's class, so that services can inject their own typed config. */
  configClass: new () => C;
  /** Omit for a service without a database (daraja-sim). */
  database?: Omit<ServiceDatabaseOptions, 'url'>;
  /** Omit for a service without Redis. */
  redis?: boolean;
  /** Where log lines go instead of stdout; for tests that assert what is (not) logged. */
  logDestination?: DestinationStream;
}

export const SERVICE_NAME = Symbol('lipa:service-name');

/** Closes the database pool and Redis client when Nest shuts down (SIGTERM from Kubernetes). */
@Injectable()
class ConnectionCloser implements OnApplicationShutdown {
  constructor(
    @Optional() private readonly dataSource?: DataSource,
    @Optional() private readonly redis?: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource?.isInitialized) await this.dataSource.destroy();
    this.redis?.disconnect();
  }
}

@Global()
@Module({})
export class PlatformModule {
  /** Logger, config, database (migrated at start), Redis, health, metrics and the error filter for one service. */
  static forService<C extends ServiceConfig>(options: PlatformModuleOptions<C>): DynamicModule {
    const { config } = options;
    const providers: DynamicModule['providers'] = [
      { provide: SERVICE_NAME, useValue: options.service },
      { provide: options.configClass, useValue: config },
      { provide: ServiceConfig, useValue: config },
      { provide: APP_FILTER, useClass: HttpErrorFilter },
      ReadinessChecks,
      ConnectionCloser,
    ];
    const exports: DynamicModule['exports'] = [SERVICE_NAME, options.configClass, ServiceConfig];
    if (options.database) {
      const database = options.database;
      providers.push({ provide: DataSource, useFactory: () => initializeServiceDatabase({ ...database, url: config.DATABASE_URL }) });
      exports.push(DataSource);
    }
    if (options.redis) {
      providers.push({ provide: Redis, useFactory: () => createRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX) });
      exports.push(Redis);
    }
    return {
      module: PlatformModule,
      imports: [LoggerModule.forRoot(loggerModuleParams(options.service, config, options.logDestination)), TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController],
      providers,
      exports,
    };
  }
}
