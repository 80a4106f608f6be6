import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { NumberFromEnv, Retired, Secret, ServiceConfig } from '@lipa/platform';

/** 32 bytes as 64 hex characters or as (padded) base64. */
const AES_256_KEY = /^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/;

/** `host`, `host:port` or `[ipv6]:port`, comma-separated; empty: none. */
const ALLOW_LIST = /^$|^[A-Za-z0-9.\-[\]:]+(,[A-Za-z0-9.\-[\]:]+)*$/;

export class WebhookDispatcherConfig extends ServiceConfig {
  @NumberFromEnv() @IsInt() @Min(0) @Max(65_535) override PORT = 3005;

  /**
   * AES-256-GCM key for endpoint and signing secrets at rest. The dispatcher must read the secrets
   * back to sign, so they are encrypted rather than hashed. The default is for developer machines only.
   */
  @Secret()
  @Matches(AES_256_KEY, { message: 'WEBHOOK_SECRET_ENCRYPTION_KEY must be 32 bytes as 64 hex characters or base64' })
  WEBHOOK_SECRET_ENCRYPTION_KEY = '6465762d6f6e6c792d776562686f6f6b2d7365637265742d6b65792d21212121';

  /** Per attempt: connect, send and read the response. */
  @NumberFromEnv() @IsInt() @Min(100) @Max(60_000) WEBHOOK_TIMEOUT_MS = 10_000;

  /**
   * Base delay before each retry, in order; each is jittered when scheduled. After the last one fails
   * the delivery is failed. About a day in total.
   */
  @Matches(/^\d+(,\d+)*$/, { message: 'WEBHOOK_RETRY_DELAYS_MS must be comma-separated positive integers' })
  WEBHOOK_RETRY_DELAYS_MS = '5000,30000,120000,600000,1800000,3600000,7200000,14400000,28800000,28800000';

  /** An endpoint that has failed every attempt for this long is disabled (3 days: past a whole retry schedule). */
  @NumberFromEnv() @IsInt() @Min(0) WEBHOOK_DISABLE_AFTER_MS = 3 * 24 * 60 * 60 * 1_000;

  /** Endpoints a merchant may register (both modes together). */
  @NumberFromEnv() @IsInt() @Min(1) @Max(1_000) WEBHOOK_MAX_ENDPOINTS_PER_MERCHANT = 10;

  /** After a secret rotation the previous secret keeps signing (beside the new one) this long. */
  @NumberFromEnv() @IsInt() @Min(0) @Max(7 * 24 * 60 * 60 * 1_000) WEBHOOK_SECRET_OVERLAP_MS = 24 * 60 * 60 * 1_000;

  /** Attempts in flight to one destination (endpoint or callback URL host) in this process; more wait their turn. */
  @NumberFromEnv() @IsInt() @Min(1) @Max(100) WEBHOOK_DESTINATION_CONCURRENCY = 4;

  /** Delivery attempts in flight in this process (the delivery lane's prefetch), apart from the command lane. */
  @NumberFromEnv() @IsInt() @Min(1) @Max(1_000) WEBHOOK_DELIVERY_CONCURRENCY = 64;

  /** Per-destination breaker: consecutive failures that open it, and how long it stays open before one trial attempt. */
  @NumberFromEnv() @IsInt() @Min(1) @Max(1_000) WEBHOOK_BREAKER_FAILURES = 5;
  @NumberFromEnv() @IsInt() @Min(100) @Max(3_600_000) WEBHOOK_BREAKER_RESET_MS = 30_000;

  /**
   * Development only: loopback or private destinations that may be called anyway, as `host` or
   * `host:port` (e.g. `localhost:4000,127.0.0.1:8080`). Empty (the default): none. Never a wildcard.
   */
  @IsString()
  @Matches(ALLOW_LIST, { message: 'WEBHOOK_ALLOWED_PRIVATE_TARGETS must be comma-separated host or host:port entries' })
  WEBHOOK_ALLOWED_PRIVATE_TARGETS = '';

  @Retired('list the hosts or host:ports in WEBHOOK_ALLOWED_PRIVATE_TARGETS') WEBHOOK_ALLOW_PRIVATE_TARGETS: string | undefined = undefined;
}
