import { NumberFromEnv, Secret, ServiceConfig } from '@lipa/platform';
import { IsIn, IsInt, IsString, Matches, Max, Min, MinLength } from 'class-validator';

const HTTP_URL = /^https?:\/\/[^\s/]+(\/\S*)?$/;

export class StkServiceConfig extends ServiceConfig {
  override PORT = 3002;

  /** The simulator by default; https://sandbox.safaricom.co.ke or production by configuration. Test-mode keys always use this one. */
  @Matches(HTTP_URL, { message: 'DARAJA_BASE_URL must be an http(s) URL' }) DARAJA_BASE_URL = 'http://127.0.0.1:4010';
  /** Live-mode keys (sk_live_) use this backend; empty means live payments are refused until configured. */
  @Matches(/^$|^https?:\/\/\S+$/, { message: 'DARAJA_LIVE_BASE_URL must be empty or an http(s) URL' }) DARAJA_LIVE_BASE_URL = '';
  @Secret() @IsString() @MinLength(1) DARAJA_CONSUMER_KEY = 'lipa-dev-consumer-key';
  @Secret() @IsString() @MinLength(1) DARAJA_CONSUMER_SECRET = 'lipa-dev-consumer-secret';
  /** The public sandbox Lipa na M-Pesa shortcode and passkey (DARAJA.md §15). */
  @Matches(/^\d{5,7}$/, { message: 'DARAJA_SHORTCODE must be 5 to 7 digits' }) DARAJA_SHORTCODE = '174379';
  @Secret() @IsString() @MinLength(1) DARAJA_PASSKEY = 'bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919';
  @IsIn(['CustomerPayBillOnline', 'CustomerBuyGoodsOnline']) DARAJA_TRANSACTION_TYPE = 'CustomerPayBillOnline';
  @NumberFromEnv() @IsInt() @Min(500) @Max(60_000) DARAJA_TIMEOUT_MS = 10_000;

  /** Where Safaricom can reach callback-ingest; every CallBackURL is this plus a per-payment token. */
  @Matches(HTTP_URL, { message: 'CALLBACK_BASE_URL must be an http(s) URL' }) CALLBACK_BASE_URL = 'http://127.0.0.1:3001';
  /** Shared with callback-ingest. */
  @Secret() @IsString() @MinLength(32) CALLBACK_TOKEN_SECRET = 'dev-callback-token-secret-change-me-in-prod';

  /** A payment with no callback after this long is settled by STK query. */
  @NumberFromEnv() @IsInt() @Min(1_000) STK_RECONCILE_AFTER_MS = 90_000;
  @NumberFromEnv() @IsInt() @Min(100) STK_RECONCILE_INTERVAL_MS = 15_000;
  /** Give up querying and mark the payment timed out after this long (the prompt itself lasts about a minute). */
  @NumberFromEnv() @IsInt() @Min(1_000) STK_ABANDON_AFTER_MS = 600_000;
}
