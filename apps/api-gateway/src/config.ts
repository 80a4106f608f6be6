import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { NumberFromEnv, Secret, ServiceConfig } from '@lipa/platform';

export class ApiGatewayConfig extends ServiceConfig {
  @NumberFromEnv() @IsInt() @Min(0) @Max(65_535) override PORT = 3000;

  /**
   * Server-side key of the HMAC-SHA256 that API secrets, session tokens and OAuth tokens are stored
   * under. Changing it invalidates every issued secret, so it is set once per environment.
   */
  @Secret() @IsString() @MinLength(32) API_SECRET_PEPPER = 'dev-only-api-secret-pepper-change-me-in-production';

  /** How long a portal session from POST /v1/auth/login lasts. */
  @NumberFromEnv() @IsInt() @Min(60_000) SESSION_TTL_MS = 12 * 60 * 60 * 1000;

  /** An STK push waits for Daraja's synchronous accept, so the default is generous. */
  @NumberFromEnv() @IsInt() @Min(100) @Max(120_000) RPC_TIMEOUT_MS = 15_000;

  /** Lifetime of an OAuth access token (DESIGN.md §5 says 3600). */
  @NumberFromEnv() @IsInt() @Min(60) @Max(86_400) OAUTH_TOKEN_TTL_S = 3600;

  /**
   * argon2id memory cost in KiB. The default is argon2's own (64 MiB, about 0.5 s here); tests lower
   * it so a suite does not spend its time hashing.
   */
  @NumberFromEnv() @IsInt() @Min(1024) ARGON2_MEMORY_KIB = 65_536;

  /** An in-progress idempotency record older than this is taken over (its request died with its process). */
  @NumberFromEnv() @IsInt() @Min(1_000) IDEMPOTENCY_STALE_MS = 5 * 60 * 1000;
}
