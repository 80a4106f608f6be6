import { ServiceConfig, BooleanFromEnv, Secret } from '@lipa/platform';
import { IsIn, IsString, Matches, MinLength } from 'class-validator';

export class CallbackIngestConfig extends ServiceConfig {
  override PORT = 3001;
  /** Shared with stk-service, which puts tokens made with it into every CallBackURL. */
  @Secret() @IsString() @MinLength(32) CALLBACK_TOKEN_SECRET = 'dev-callback-token-secret-change-me-in-prod';
  /**
   * Comma-separated source IPs allowed to call back (Safaricom's published senders in production).
   * Empty allows any source: the per-request token still authenticates each callback.
   */
  @Matches(/^[0-9a-fA-F.:,\s]*$/, { message: 'CALLBACK_ALLOWED_IPS must be a comma-separated list of IP addresses' })
  CALLBACK_ALLOWED_IPS = '';
  /** Behind a load balancer, take the client address from X-Forwarded-For (only if the proxy sets it). */
  @BooleanFromEnv() @IsIn([true, false]) CALLBACK_TRUST_PROXY = false;
}
