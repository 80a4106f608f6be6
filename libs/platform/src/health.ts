import { Controller, Get, Inject, Injectable, Optional } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';

/** Provided by the messaging lib so that readiness includes the broker without platform importing it. */
export const BROKER_PROBE = Symbol('lipa:broker-probe');
export interface BrokerProbe {
  isConnected(): boolean;
}

const CHECK_TIMEOUT_MS = 2_000;

@Injectable()
export class ReadinessChecks {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Optional() private readonly dataSource?: DataSource,
    @Optional() private readonly redis?: Redis,
    @Optional() @Inject(BROKER_PROBE) private readonly broker?: BrokerProbe,
  ) {}

  all() {
    const checks = [];
    if (this.dataSource) {
      const dataSource = this.dataSource;
      checks.push(() =>
        this.indicators
          .check('database')
          .attempt(() => dataSource.query('SELECT 1').then(() => undefined))
          .withTimeout(CHECK_TIMEOUT_MS),
      );
    }
    if (this.redis) {
      const redis = this.redis;
      checks.push(() =>
        this.indicators
          .check('redis')
          .attempt(() => redis.ping().then(() => undefined))
          .withTimeout(CHECK_TIMEOUT_MS),
      );
    }
    if (this.broker) {
      const broker = this.broker;
      checks.push(async () => (broker.isConnected() ? this.indicators.check('broker').up() : this.indicators.check('broker').down('not connected')));
    }
    return checks;
  }
}

/** Liveness says the process runs; readiness says it can do its job (database, broker, Redis). */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: ReadinessChecks,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check(this.readiness.all());
  }
}
