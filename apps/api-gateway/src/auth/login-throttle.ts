import { Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import Redis from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { ApiGatewayConfig } from '../config';
import { LoginLocked } from '../rate-limit/rate-limits';

/** Extra wait before answering a failed log-in: nothing for the first few, then growing, capped. */
export function loginDelayMs(failures: number, slowAfter: number, stepMs: number, maxMs = 2_000): number {
  return failures <= slowAfter ? 0 : Math.min(maxMs, (failures - slowAfter) * stepMs);
}

/**
 * Failed log-ins counted per account and per client IP in Redis (shared by every replica): after a few
 * each failure is answered more slowly, and past the limit the account (or the address) is locked for
 * LOGIN_LOCK_MS, even for the right password. A successful log-in clears the account's count.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger('LoginThrottle');
  private readonly perAccount: RateLimiterRedis;
  private readonly perIp: RateLimiterRedis;

  constructor(
    redis: Redis,
    private readonly config: ApiGatewayConfig,
  ) {
    const duration = Math.ceil(config.LOGIN_LOCK_MS / 1000);
    this.perAccount = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: 'gateway:login-fail:account',
      points: config.LOGIN_LOCK_AFTER_FAILURES,
      duration,
      blockDuration: duration,
    });
    this.perIp = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: 'gateway:login-fail:ip',
      points: config.LOGIN_LOCK_AFTER_FAILURES_PER_IP,
      duration,
      blockDuration: duration,
    });
  }

  private static accountKey(login: string): string {
    return login.trim().toLowerCase();
  }

  /** Refuses at once while the account or the address is locked. */
  async assertNotLocked(login: string, ip: string, res: Response): Promise<void> {
    const counts = await Promise.all([this.perAccount.get(LoginThrottle.accountKey(login)), this.perIp.get(ip)]).catch(this.unavailable);
    if (!counts) return;
    const [account, address] = counts;
    const locked = [
      { r: account, limit: this.config.LOGIN_LOCK_AFTER_FAILURES },
      { r: address, limit: this.config.LOGIN_LOCK_AFTER_FAILURES_PER_IP },
    ].find(({ r, limit }) => r !== null && r.consumedPoints >= limit);
    if (locked?.r) {
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(locked.r.msBeforeNext / 1000))));
      throw new LoginLocked('Too many failed log-ins; this account or address is locked for a while');
    }
  }

  /** Counts a failure and waits the growing delay before the caller answers. */
  async recordFailure(login: string, ip: string): Promise<void> {
    const counts = await Promise.all([this.perAccount.penalty(LoginThrottle.accountKey(login)), this.perIp.penalty(ip)]).catch(this.unavailable);
    if (!counts) return;
    const failures = Math.max(...counts.map((r) => r.consumedPoints));
    const delay = loginDelayMs(failures, this.config.LOGIN_SLOW_AFTER_FAILURES, this.config.LOGIN_SLOWDOWN_STEP_MS);
    // penalty() counts without blocking; block explicitly once the limit is reached.
    await Promise.all([
      counts[0].consumedPoints >= this.config.LOGIN_LOCK_AFTER_FAILURES
        ? this.perAccount.block(LoginThrottle.accountKey(login), this.perAccount.blockDuration)
        : null,
      counts[1].consumedPoints >= this.config.LOGIN_LOCK_AFTER_FAILURES_PER_IP ? this.perIp.block(ip, this.perIp.blockDuration) : null,
    ]);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  }

  async recordSuccess(login: string): Promise<void> {
    await this.perAccount.delete(LoginThrottle.accountKey(login)).catch(this.unavailable);
  }

  /**
   * Without Redis, log-ins go on unthrottled (argon2 still makes each guess slow) rather than failing
   * everyone; the log says so.
   */
  private readonly unavailable = (error: Error): null => {
    this.logger.warn({ msg: 'login_throttle.unavailable', err: error.message });
    return null;
  };
}
