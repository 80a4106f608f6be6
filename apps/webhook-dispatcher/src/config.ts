import { IsIn, IsInt, Matches, Max, Min } from 'class-validator';
import { BooleanFromEnv, NumberFromEnv, Secret, ServiceConfig } from '@lipa/platform';

/** 32 bytes as 64 hex characters or as (padded) base64. */
const AES_256_KEY = /^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/;

export class WebhookDispatcherConfig extends ServiceConfig {
  @NumberFromEnv() @IsInt() @Min(0) @Max(65_535) override PORT = 3005;

  /**
   * AES-256-GCM key for endpoint secrets at rest. The dispatcher must read the secrets back to sign,
   * so they are encrypted rather than hashed. The default is for developer machines only.
   */
  @Secret()
  @Matches(AES_256_KEY, { message: 'WEBHOOK_SECRET_ENCRYPTION_KEY must be 32 bytes as 64 hex characters or base64' })
  WEBHOOK_SECRET_ENCRYPTION_KEY = '6465762d6f6e6c792d776562686f6f6b2d7365637265742d6b65792d21212121';

  /** Per attempt: connect, send and read the response. */
  @NumberFromEnv() @IsInt() @Min(100) @Max(60_000) WEBHOOK_TIMEOUT_MS = 10_000;

  /** Delay before each retry, in order; after the last one fails the delivery is failed. About a day in total. */
  @Matches(/^\d+(,\d+)*$/, { message: 'WEBHOOK_RETRY_DELAYS_MS must be comma-separated positive integers' })
  WEBHOOK_RETRY_DELAYS_MS = '5000,30000,120000,600000,1800000,3600000,7200000,14400000,28800000,28800000';

  /** An endpoint that has failed continuously for this long is disabled (5 days). */
  @NumberFromEnv() @IsInt() @Min(0) WEBHOOK_DISABLE_AFTER_MS = 5 * 24 * 60 * 60 * 1_000;

  /** Development only: lets webhooks reach loopback and private addresses. */
  @BooleanFromEnv() @IsIn([true, false]) WEBHOOK_ALLOW_PRIVATE_TARGETS = false;
}
