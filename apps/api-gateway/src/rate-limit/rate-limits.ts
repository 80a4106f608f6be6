import { Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { LipaError } from '@lipa/platform';
import { ApiGatewayConfig } from '../config';

export class RateLimited extends LipaError {
  readonly code = 'rate_limited';
  readonly status = 429;
}

export class LoginLocked extends LipaError {
  readonly code = 'login_locked';
  readonly status = 429;
}

/** A limit that was hit, for the headers and the error. */
export interface Hit {
  limit: number;
  remaining: number;
  resetSeconds: number;
}

/** IETF draft RateLimit-* headers (draft-ietf-httpapi-ratelimit-headers) plus Retry-After on a 429. */
export function setRateLimitHeaders(res: Response, hit: Hit, limited: boolean): void {
  res.setHeader('RateLimit-Limit', String(hit.limit));
  res.setHeader('RateLimit-Remaining', String(Math.max(0, hit.remaining)));
  res.setHeader('RateLimit-Reset', String(hit.resetSeconds));
  if (limited) res.setHeader('Retry-After', String(Math.max(1, hit.resetSeconds)));
}

function toHit(limit: number, r: RateLimiterRes): Hit {
  return { limit, remaining: r.remainingPoints, resetSeconds: Math.ceil(r.msBeforeNext / 1000) };
}

/**
 * Fixed-window limits in Redis (rate-limiter-flexible), so every gateway replica counts the same
 * requests: per API credential (or session) per minute, with a per-merchant override, and per client
 * IP on log-in and sign-up. Log-in failures are counted apart, per account and per IP, to slow and then
 * lock guessing (LoginThrottle).
 */
@Injectable()
export class RateLimits {
  private readonly logger = new Logger('RateLimits');
  private readonly byLimit = new Map<number, RateLimiterRedis>();
  private readonly authPerIp: RateLimiterRedis;

  constructor(
    private readonly redis: Redis,
    private readonly config: ApiGatewayConfig,
  ) {
    this.authPerIp = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: 'gateway:rl:auth-ip',
      points: config.RATE_LIMIT_AUTH_PER_IP_PER_MINUTE,
      duration: 60,
    });
  }

  /** One limiter per distinct limit value (the default and each override in use); bounded by how many admins set. */
  private limiter(perMinute: number): RateLimiterRedis {
    let limiter = this.byLimit.get(perMinute);
    if (!limiter) {
      limiter = new RateLimiterRedis({ storeClient: this.redis, keyPrefix: `gateway:rl:key:${perMinute}`, points: perMinute, duration: 60 });
      this.byLimit.set(perMinute, limiter);
    }
    return limiter;
  }

  /** `subject` is the credential id (or the merchant id for a session). */
  async consumeForCaller(subject: string, override: number | null, res: Response): Promise<void> {
    const limit = override ?? this.config.RATE_LIMIT_PER_MINUTE;
    await this.consume(this.limiter(limit), limit, subject, res, () => new RateLimited(`Rate limit of ${limit} requests per minute exceeded; retry later`));
  }

  async consumeAuthAttempt(ip: string, res: Response): Promise<void> {
    const limit = this.config.RATE_LIMIT_AUTH_PER_IP_PER_MINUTE;
    await this.consume(this.authPerIp, limit, ip, res, () => new RateLimited('Too many sign-up or log-in requests from this address; retry later'));
  }

  private async consume(limiter: RateLimiterRedis, limit: number, key: string, res: Response, error: () => LipaError): Promise<void> {
    try {
      setRateLimitHeaders(res, toHit(limit, await limiter.consume(key)), false);
    } catch (rejection) {
      // rate-limiter-flexible rejects with a RateLimiterRes when the limit is hit, with an Error when Redis fails.
      // Limits protect capacity, not money: without Redis the request goes on (fail open), and says so in the log.
      if (!(rejection instanceof RateLimiterRes)) {
        this.logger.warn({ msg: 'rate_limit.unavailable', err: (rejection as Error).message });
        return;
      }
      setRateLimitHeaders(res, toHit(limit, rejection), true);
      throw error();
    }
  }
}
