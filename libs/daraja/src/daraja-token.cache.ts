import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { DarajaLogger } from './daraja-logger';
import { sha256Hex } from './stk-password';

/** Tokens are refreshed this long before Daraja says they expire, so no call leaves with a dying token. */
export const TOKEN_REFRESH_MARGIN_SECONDS = 60;
const LOCK_POLL_MS = 50;
/** Bounded: after this many lost races for the lock, fetch a token without it rather than fail. */
const MAX_LOCK_ROUNDS = 3;

// Deletes a key only while it still holds our value: never drops another process's lock or fresher token.
const COMPARE_AND_DELETE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface FetchedToken {
  accessToken: string;
  expiresInSeconds: number;
}

export interface DarajaTokenCacheOptions {
  redis: Redis;
  redisKeyPrefix: string;
  /** With the consumer key, names the Daraja app: the same key on the sandbox and on production are two apps. */
  baseUrl: string;
  consumerKey: string;
  /** How long one OAuth call may take; the refresh lock lives a little longer. */
  timeoutMs: number;
  fetchToken: () => Promise<FetchedToken>;
  logger: DarajaLogger;
}

/**
 * OAuth tokens shared through Redis under `<prefix>daraja:token:<sha256(baseUrl + "\n" + consumerKey)>`, one per
 * Daraja app and backend. Within a process one
 * refresh runs at a time (callers share its promise); across processes a short SET NX PX lock lets one refresh
 * while the others wait for the token it stores.
 */
export class DarajaTokenCache {
  private readonly tokenKey: string;
  private readonly lockKey: string;
  private readonly lockTtlMs: number;
  private inFlight?: Promise<string>;

  constructor(private readonly options: DarajaTokenCacheOptions) {
    // The key names the app by hash only: Redis key listings must not reveal credentials.
    this.tokenKey = `${options.redisKeyPrefix}daraja:token:${sha256Hex(`${options.baseUrl}\n${options.consumerKey}`)}`;
    this.lockKey = `${this.tokenKey}:lock`;
    this.lockTtlMs = options.timeoutMs + 1000;
  }

  get redisKey(): string {
    return this.tokenKey;
  }

  async getToken(): Promise<string> {
    const cached = await this.options.redis.get(this.tokenKey);
    if (cached) return cached;
    if (!this.inFlight) {
      this.inFlight = this.refresh().finally(() => {
        this.inFlight = undefined;
      });
    }
    return this.inFlight;
  }

  /** Drops a token Daraja refused, unless another caller already replaced it. */
  async invalidate(token: string): Promise<void> {
    await this.options.redis.eval(COMPARE_AND_DELETE, 1, this.tokenKey, token);
  }

  private async refresh(): Promise<string> {
    const { redis } = this.options;
    for (let round = 0; round < MAX_LOCK_ROUNDS; round += 1) {
      const cached = await redis.get(this.tokenKey);
      if (cached) return cached;
      const lockId = randomUUID();
      const locked = await redis.set(this.lockKey, lockId, 'PX', this.lockTtlMs, 'NX');
      if (locked === 'OK') {
        try {
          return await this.fetchAndStore();
        } finally {
          await redis.eval(COMPARE_AND_DELETE, 1, this.lockKey, lockId);
        }
      }
      const token = await this.waitForOtherRefresh();
      if (token) return token;
    }
    this.options.logger.warn({ redis_key: this.lockKey }, 'daraja.token.lock_contended');
    return this.fetchAndStore();
  }

  private async fetchAndStore(): Promise<string> {
    const fetched = await this.options.fetchToken();
    const ttlSeconds = fetched.expiresInSeconds - TOKEN_REFRESH_MARGIN_SECONDS;
    if (ttlSeconds > 0) await this.options.redis.set(this.tokenKey, fetched.accessToken, 'PX', ttlSeconds * 1000);
    this.options.logger.info({ expires_in_s: fetched.expiresInSeconds }, 'daraja.token.refreshed');
    return fetched.accessToken;
  }

  /** Polls for the token while another process holds the lock; null once the lock is gone without a token. */
  private async waitForOtherRefresh(): Promise<string | null> {
    const deadline = Date.now() + this.lockTtlMs;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
      const [token, lock] = await Promise.all([this.options.redis.get(this.tokenKey), this.options.redis.exists(this.lockKey)]);
      if (token) return token;
      if (!lock) return null;
    }
    return null;
  }
}
