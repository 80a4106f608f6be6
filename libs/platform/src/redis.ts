import Redis from 'ioredis';

/**
 * Longest a command may wait, queued or sent. Without it, a Redis that stays down makes each command wait
 * for ioredis' growing reconnect delays (up to 15 s each); no Lipa command blocks server-side.
 */
export const REDIS_COMMAND_TIMEOUT_MS = 2_000;

/** One Redis client per service; every key carries the configured prefix (`lipa:` or a test's own). */
export function createRedis(url: string, keyPrefix: string): Redis {
  return new Redis(url, { keyPrefix, maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false, commandTimeout: REDIS_COMMAND_TIMEOUT_MS });
}
