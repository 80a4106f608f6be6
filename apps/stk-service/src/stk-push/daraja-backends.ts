import type { ApiMode } from '@lipa/contracts';
import { DarajaClient, darajaTimestamp, stkPassword } from '@lipa/daraja';
import { Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { StkServiceConfig } from '../config';
import { LiveModeNotConfigured } from './stk.errors';

/**
 * Test-mode credentials (sk_test_) always reach the sandbox or simulator, live ones the configured
 * production backend (DESIGN.md §3). One DarajaClient per backend keeps one breaker set and token each.
 */
@Injectable()
export class DarajaBackends {
  private readonly clients = new Map<ApiMode, DarajaClient>();
  private readonly logger = new Logger('Daraja');

  constructor(
    private readonly config: StkServiceConfig,
    redis: Redis,
  ) {
    const common = {
      consumerKey: config.DARAJA_CONSUMER_KEY,
      consumerSecret: config.DARAJA_CONSUMER_SECRET,
      redis,
      // The shared Redis client already prefixes every key with REDIS_KEY_PREFIX.
      redisKeyPrefix: 'stk:',
      timeoutMs: config.DARAJA_TIMEOUT_MS,
      logger: {
        info: (fields: object, event: string) => this.logger.log({ msg: event, ...fields }),
        warn: (fields: object, event: string) => this.logger.warn({ msg: event, ...fields }),
      },
    };
    this.clients.set('test', new DarajaClient({ ...common, baseUrl: config.DARAJA_BASE_URL }));
    if (config.DARAJA_LIVE_BASE_URL) this.clients.set('live', new DarajaClient({ ...common, baseUrl: config.DARAJA_LIVE_BASE_URL }));
  }

  client(mode: ApiMode): DarajaClient {
    const client = this.clients.get(mode);
    if (!client) throw new LiveModeNotConfigured('Live payments are not configured on this gateway');
    return client;
  }

  /** Shortcode, fresh timestamp and the password Daraja checks against them. */
  credentials(now = new Date()): { shortcode: string; timestamp: string; password: string } {
    const timestamp = darajaTimestamp(now);
    const shortcode = this.config.DARAJA_SHORTCODE;
    return { shortcode, timestamp, password: stkPassword(shortcode, this.config.DARAJA_PASSKEY, timestamp) };
  }
}
