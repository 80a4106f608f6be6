import Redis from 'ioredis';

/** One Redis client per service; every key carries the configured prefix (`lipa:` or a test's own). */
export function createRedis(url: string, keyPrefix: string): Redis {
  return new Redis(url, { keyPrefix, maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
}
