import { STK_INITIATE_WORST_CASE_MS } from '@lipa/contracts';
import { BooleanFromEnv, NumberFromEnv, Secret, ServiceConfig, keyRingProblem } from '@lipa/platform';
import { IsIn, IsInt, IsString, Max, Min, MinLength, ValidateBy } from 'class-validator';

/** A SecretBox key ring (`id:key,…`): the first seals, all open. */
const IsKeyRing = () =>
  ValidateBy({
    name: 'isKeyRing',
    validator: { validate: (v: unknown) => keyRingProblem(v) === null, defaultMessage: (a) => `${a?.property} ${keyRingProblem(a?.value)}` },
  });

export class ApiGatewayConfig extends ServiceConfig {
  @NumberFromEnv() @IsInt() @Min(0) @Max(65_535) override PORT = 3000;

  /**
   * Server-side key of the HMAC-SHA256 that API secrets, session tokens and OAuth tokens are stored
   * under. Changing it invalidates every issued secret, so it is set once per environment.
   */
  @Secret() @IsString() @MinLength(32) API_SECRET_PEPPER = 'dev-only-api-secret-pepper-change-me-in-production';

  /**
   * Seals merchants' own Daraja app credentials at rest (AES-256-GCM, libs/platform/src/secret-box.ts).
   * Shared with stk-service and b2c-payout-service, which open them to call Daraja. To rotate, put a new
   * key first and keep the old ones after it until every value has been sealed again.
   */
  @Secret() @IsKeyRing() CREDENTIALS_KEY_RING = 'dev:6465762d6f6e6c792d63726564656e7469616c732d6b65792d21212121212121';

  /** How long a portal session from POST /v1/auth/login lasts. */
  @NumberFromEnv() @IsInt() @Min(60_000) SESSION_TTL_MS = 12 * 60 * 60 * 1000;
  /** Marks the session cookie Secure; set it wherever the gateway is served over HTTPS. */
  @BooleanFromEnv() @IsIn([true, false]) SESSION_COOKIE_SECURE = false;

  /**
   * How long the gateway waits for a service's answer. A money-moving command must wait longer than the
   * worst case of the path beneath it (checked at start against STK_INITIATE_WORST_CASE_MS), or the
   * gateway would answer "timeout" for a payment that is still being sent.
   */
  @NumberFromEnv()
  @IsInt()
  @Min(STK_INITIATE_WORST_CASE_MS + 1_000, {
    message: `RPC_TIMEOUT_MS must exceed stk-service's worst case for a push (${STK_INITIATE_WORST_CASE_MS} ms) by at least 1000 ms`,
  })
  @Max(120_000)
  RPC_TIMEOUT_MS = 30_000;

  /** Lifetime of an OAuth access token (docs/design.md §5 says 3600). */
  @NumberFromEnv() @IsInt() @Min(60) @Max(86_400) OAUTH_TOKEN_TTL_S = 3600;

  /**
   * argon2id memory cost in KiB. The default is argon2's own (64 MiB, about 0.5 s here); tests lower
   * it so a suite does not spend its time hashing.
   */
  @NumberFromEnv() @IsInt() @Min(1024) ARGON2_MEMORY_KIB = 65_536;

  /** An in-progress idempotency record older than this is taken over (its request died with its process). */
  @NumberFromEnv() @IsInt() @Min(1_000) IDEMPOTENCY_STALE_MS = 5 * 60 * 1000;

  /** Requests per minute per API key (or per merchant for portal sessions); admins can set a merchant's own. */
  @NumberFromEnv() @IsInt() @Min(1) RATE_LIMIT_PER_MINUTE = 600;
  /** Sign-up and log-in requests per minute per client IP. */
  @NumberFromEnv() @IsInt() @Min(1) RATE_LIMIT_AUTH_PER_IP_PER_MINUTE = 30;

  /** Failed log-ins after which each further failure is answered more slowly (by LOGIN_SLOWDOWN_STEP_MS more, up to 2 s). */
  @NumberFromEnv() @IsInt() @Min(0) LOGIN_SLOW_AFTER_FAILURES = 3;
  @NumberFromEnv() @IsInt() @Min(0) @Max(2_000) LOGIN_SLOWDOWN_STEP_MS = 250;
  /** Failed log-ins that lock an account, and that lock a client IP, for LOGIN_LOCK_MS. */
  @NumberFromEnv() @IsInt() @Min(1) LOGIN_LOCK_AFTER_FAILURES = 5;
  @NumberFromEnv() @IsInt() @Min(1) LOGIN_LOCK_AFTER_FAILURES_PER_IP = 20;
  @NumberFromEnv() @IsInt() @Min(1_000) LOGIN_LOCK_MS = 15 * 60 * 1000;

  /** A new merchant's subscription runs this long (a trial) before an admin sets a plan. 0: none until set. */
  @NumberFromEnv() @IsInt() @Min(0) SUBSCRIPTION_TRIAL_DAYS = 30;

  /** How many proxy hops sit in front of the gateway, so the client IP for rate limits is read right (0: none). */
  @NumberFromEnv() @IsInt() @Min(0) @Max(10) TRUST_PROXY_HOPS = 0;
}
