import { STK_INITIATE_WORST_CASE_MS } from '@lipa/contracts';
import { NumberFromEnv, Retired, Secret, ServiceConfig, keyRingProblem } from '@lipa/platform';
import { IsInt, IsString, Matches, Max, Min, MinLength, ValidateBy, ValidateIf, ValidationArguments } from 'class-validator';

const HTTP_URL = /^https?:\/\/[^\s/]+(\/\S*)?$/;
const SHORTCODE = /^\d{5,7}$/;

/**
 * What answering stk.push.initiate needs besides Daraja: the insert before the push, the update after it and
 * the reply. The Daraja part of a push is bounded by STK_INITIATE_WORST_CASE_MS less this.
 */
export const STK_INITIATE_MARGIN_MS = 3_000;

/** The CREDENTIALS_KEY_RING shared with api-gateway, which seals merchants' Daraja apps with it. */
function IsKeyRing(): PropertyDecorator {
  return ValidateBy({
    name: 'isKeyRing',
    validator: {
      validate: (value: unknown) => keyRingProblem(value) === null,
      defaultMessage: (args?: ValidationArguments) => `${args?.property} is not a key ring: ${keyRingProblem(args?.value)}`,
    },
  });
}

/** One OAuth fetch and one push must fit in the bound the gateway's RPC deadline is checked against. */
function FitsInitiateWorstCase(): PropertyDecorator {
  return ValidateBy({
    name: 'fitsInitiateWorstCase',
    validator: {
      validate: (_value: unknown, args?: ValidationArguments) => {
        const config = args?.object as StkServiceConfig;
        return config.DARAJA_OAUTH_TIMEOUT_MS + config.DARAJA_TIMEOUT_MS + STK_INITIATE_MARGIN_MS <= STK_INITIATE_WORST_CASE_MS;
      },
      defaultMessage: () =>
        `DARAJA_OAUTH_TIMEOUT_MS + DARAJA_TIMEOUT_MS + ${STK_INITIATE_MARGIN_MS} ms must not exceed STK_INITIATE_WORST_CASE_MS ` +
        `(${STK_INITIATE_WORST_CASE_MS} ms, @lipa/contracts), the longest api-gateway waits for a push`,
    },
  });
}

const liveConfigured = (config: StkServiceConfig) => config.DARAJA_LIVE_BASE_URL !== '';
const requiredForLive = (name: string) => ({ message: `${name} is required when DARAJA_LIVE_BASE_URL is set` });

/**
 * The platform's two Daraja apps are configured apart (docs/design.md §3): the test app (daraja-sim or Safaricom's
 * sandbox) serves every test-mode push, merchants' own apps included; the live app serves live ones and is
 * optional. Merchants' own apps arrive sealed with the push (CREDENTIALS_KEY_RING).
 */
export class StkServiceConfig extends ServiceConfig {
  override PORT = 3002;

  /** The simulator by default; https://sandbox.safaricom.co.ke by configuration. Test mode always uses it. */
  @Matches(HTTP_URL, { message: 'DARAJA_TEST_BASE_URL must be an http(s) URL' }) DARAJA_TEST_BASE_URL = 'http://127.0.0.1:4010';
  @Secret() @IsString() @MinLength(1) DARAJA_TEST_CONSUMER_KEY = 'lipa-dev-consumer-key';
  @Secret() @IsString() @MinLength(1) DARAJA_TEST_CONSUMER_SECRET = 'lipa-dev-consumer-secret';
  /** The public sandbox Lipa na M-Pesa paybill and its passkey (docs/daraja.md §15). */
  @Matches(SHORTCODE, { message: 'DARAJA_TEST_SHORTCODE must be 5 to 7 digits' }) DARAJA_TEST_SHORTCODE = '174379';
  @Secret() @IsString() @MinLength(1) DARAJA_TEST_PASSKEY = 'bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919';

  /** Production Daraja; empty means live payments are refused (live_mode_not_configured) until it is set. */
  @Matches(/^$|^https?:\/\/\S+$/, { message: 'DARAJA_LIVE_BASE_URL must be empty or an http(s) URL' }) DARAJA_LIVE_BASE_URL = '';
  @Secret() @ValidateIf(liveConfigured) @MinLength(1, requiredForLive('DARAJA_LIVE_CONSUMER_KEY')) DARAJA_LIVE_CONSUMER_KEY = '';
  @Secret() @ValidateIf(liveConfigured) @MinLength(1, requiredForLive('DARAJA_LIVE_CONSUMER_SECRET')) DARAJA_LIVE_CONSUMER_SECRET = '';
  @ValidateIf(liveConfigured)
  @Matches(SHORTCODE, { message: 'DARAJA_LIVE_SHORTCODE must be 5 to 7 digits when DARAJA_LIVE_BASE_URL is set' })
  DARAJA_LIVE_SHORTCODE = '';
  @Secret() @ValidateIf(liveConfigured) @MinLength(1, requiredForLive('DARAJA_LIVE_PASSKEY')) DARAJA_LIVE_PASSKEY = '';

  /** Every push and query; a push that outlives it is "unknown" and settled by query, never resent. */
  @NumberFromEnv() @IsInt() @Min(500) @Max(60_000) @FitsInitiateWorstCase() DARAJA_TIMEOUT_MS = 10_000;
  @NumberFromEnv() @IsInt() @Min(500) @Max(60_000) DARAJA_OAUTH_TIMEOUT_MS = 5_000;

  /** Opens merchants' Daraja apps sealed by api-gateway (`id:key,…`, the first seals). Equal in both services. */
  @Secret() @IsKeyRing() CREDENTIALS_KEY_RING = 'dev:6465762d6f6e6c792d63726564656e7469616c732d6b65792d21212121212121';

  /** Where Safaricom can reach callback-ingest; every CallBackURL is this plus a per-payment token. */
  @Matches(HTTP_URL, { message: 'CALLBACK_BASE_URL must be an http(s) URL' }) CALLBACK_BASE_URL = 'http://127.0.0.1:3001';
  /** Shared with callback-ingest. */
  @Secret() @IsString() @MinLength(32) CALLBACK_TOKEN_SECRET = 'dev-callback-token-secret-change-me-in-prod';

  /** A payment with no callback after this long is settled by STK query. */
  @NumberFromEnv() @IsInt() @Min(1_000) STK_RECONCILE_AFTER_MS = 90_000;
  @NumberFromEnv() @IsInt() @Min(100) STK_RECONCILE_INTERVAL_MS = 15_000;
  /** Give up querying and mark the payment timed out after this long (the prompt itself lasts about a minute). */
  @NumberFromEnv() @IsInt() @Min(1_000) STK_ABANDON_AFTER_MS = 600_000;

  // Renamed when the test and live apps were configured apart (secrets stay masked in the refusal).
  @Retired('use DARAJA_TEST_BASE_URL') DARAJA_BASE_URL: string | undefined = undefined;
  @Secret() @Retired('use DARAJA_TEST_CONSUMER_KEY (and DARAJA_LIVE_CONSUMER_KEY)') DARAJA_CONSUMER_KEY: string | undefined = undefined;
  @Secret() @Retired('use DARAJA_TEST_CONSUMER_SECRET (and DARAJA_LIVE_CONSUMER_SECRET)') DARAJA_CONSUMER_SECRET: string | undefined = undefined;
  @Retired('use DARAJA_TEST_SHORTCODE (and DARAJA_LIVE_SHORTCODE)') DARAJA_SHORTCODE: string | undefined = undefined;
  @Secret() @Retired('use DARAJA_TEST_PASSKEY (and DARAJA_LIVE_PASSKEY)') DARAJA_PASSKEY: string | undefined = undefined;
  @Retired("the platform's own shortcode is a paybill; a till is a merchant's payment account") DARAJA_TRANSACTION_TYPE: string | undefined = undefined;
}
