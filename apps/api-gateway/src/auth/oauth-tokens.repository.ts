import { Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { UpstreamUnavailableError } from '@lipa/platform';

/** OAuth needs its token store; without Redis the answer is 503, never a 500. */
async function orUnavailable<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch {
    throw new UpstreamUnavailableError('The token store is unavailable; try again shortly');
  }
}

export interface OAuthTokenRecord {
  credential_id: string;
}

/**
 * OAuth access tokens live in Redis (shared by every gateway replica) under the HMAC of the token,
 * with Redis' own TTL as the expiry. The record names only the credential: revocation and suspension
 * are read from Postgres on every use, so they take effect at once.
 */
@Injectable()
export class OAuthTokensRepository {
  constructor(private readonly redis: Redis) {}

  /** The Redis client carries REDIS_KEY_PREFIX, so this lands at <prefix>gateway:oauth:<hash>. */
  private key(tokenHash: string): string {
    return `gateway:oauth:${tokenHash}`;
  }

  async save(tokenHash: string, record: OAuthTokenRecord, ttlSeconds: number): Promise<void> {
    await orUnavailable(this.redis.set(this.key(tokenHash), JSON.stringify(record), 'EX', ttlSeconds));
  }

  async find(tokenHash: string): Promise<OAuthTokenRecord | null> {
    const raw = await orUnavailable(this.redis.get(this.key(tokenHash)));
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<OAuthTokenRecord>;
    return typeof parsed.credential_id === 'string' ? { credential_id: parsed.credential_id } : null;
  }
}
