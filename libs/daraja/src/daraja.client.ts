import CircuitBreaker from 'opossum';
import type { Redis } from 'ioredis';
import { DarajaRejectedError, DarajaUnavailableError } from './daraja.errors';
import { CallContext, interpretResponse, parseExpiresIn, TokenRejectedError, transportError } from './daraja-http';
import { DarajaLogger, silentDarajaLogger } from './daraja-logger';
import { DarajaTokenCache, FetchedToken } from './daraja-token.cache';
import { OAuthTokenResponse, StkPushRequest, StkPushResponse, StkQueryRequest, StkQueryResponse } from './daraja.types';

export interface DarajaBreakerOptions {
  /** Failure percentage in the rolling window that opens the breaker. */
  errorThresholdPercentage?: number;
  /** Calls needed in the window before the breaker may open. */
  volumeThreshold?: number;
  /** How long an open breaker fails fast before letting one trial call through. */
  resetTimeoutMs?: number;
  rollingCountTimeoutMs?: number;
}

export interface DarajaClientOptions {
  /** `https://sandbox.safaricom.co.ke`, production, or daraja-sim; no trailing slash needed. */
  baseUrl: string;
  consumerKey: string;
  consumerSecret: string;
  /** Shared token cache. Give an instance WITHOUT its own keyPrefix, or pass redisKeyPrefix ''. */
  redis: Redis;
  redisKeyPrefix: string;
  timeoutMs?: number;
  breaker?: DarajaBreakerOptions;
  logger?: DarajaLogger;
}

type Thunk = () => Promise<unknown>;

const BREAKER_DEFAULTS = { errorThresholdPercentage: 50, volumeThreshold: 5, resetTimeoutMs: 30_000, rollingCountTimeoutMs: 10_000 };

/**
 * Daraja over HTTP: OAuth tokens cached in Redis, a timeout on every call, an opossum breaker per
 * operation and shortcode, and typed errors that say whether the request may have taken effect.
 * Never logs tokens, passwords or consumer secrets.
 */
export class DarajaClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly logger: DarajaLogger;
  private readonly tokens: DarajaTokenCache;
  private readonly breakers = new Map<string, CircuitBreaker<[Thunk], unknown>>();
  private readonly breakerOptions: Required<DarajaBreakerOptions>;

  constructor(private readonly options: DarajaClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.logger = options.logger ?? silentDarajaLogger;
    this.breakerOptions = { ...BREAKER_DEFAULTS, ...options.breaker };
    this.tokens = new DarajaTokenCache({
      redis: options.redis,
      redisKeyPrefix: options.redisKeyPrefix,
      consumerKey: options.consumerKey,
      timeoutMs: this.timeoutMs,
      fetchToken: () => this.throughBreaker('oauth', '-', () => this.fetchToken()),
      logger: this.logger,
    });
  }

  /** The Redis key holding this consumer key's token (for operators and tests). */
  get tokenRedisKey(): string {
    return this.tokens.redisKey;
  }

  /** Never retried here: a DarajaOutcomeUnknownError must be settled by stkQuery. */
  stkPush(request: StkPushRequest): Promise<StkPushResponse> {
    const ctx = { operation: 'stkPush', hasSideEffect: true };
    return this.throughBreaker(ctx.operation, String(request.BusinessShortCode), () =>
      this.postWithToken<StkPushResponse>(ctx, '/mpesa/stkpush/v1/processrequest', request),
    );
  }

  /** A pending payment may come back as ResultCode "4999" or as DarajaRejectedError 500.001.1001 (older form). */
  stkQuery(request: StkQueryRequest): Promise<StkQueryResponse> {
    const ctx = { operation: 'stkQuery', hasSideEffect: false };
    return this.throughBreaker(ctx.operation, String(request.BusinessShortCode), () =>
      this.postWithToken<StkQueryResponse>(ctx, '/mpesa/stkpushquery/v1/query', request),
    );
  }

  isBreakerOpen(operation: string, shortcode: string | number): boolean {
    return this.breakers.get(`${operation}:${shortcode}`)?.opened ?? false;
  }

  /** Stops the breakers' rolling-window timers. */
  close(): void {
    for (const breaker of this.breakers.values()) breaker.shutdown();
    this.breakers.clear();
  }

  private async throughBreaker<T>(operation: string, shortcode: string, call: () => Promise<T>): Promise<T> {
    const breaker = this.breakerFor(operation, shortcode);
    try {
      return (await breaker.fire(call)) as T;
    } catch (error) {
      if ((error as { code?: string }).code === 'EOPENBREAKER') {
        throw new DarajaUnavailableError(operation, 'breaker_open', true, 'circuit breaker is open');
      }
      throw error;
    }
  }

  private breakerFor(operation: string, shortcode: string): CircuitBreaker<[Thunk], unknown> {
    const key = `${operation}:${shortcode}`;
    let breaker = this.breakers.get(key);
    if (!breaker) {
      breaker = new CircuitBreaker<[Thunk], unknown>((thunk: Thunk) => thunk(), {
        name: key,
        // Our own AbortSignal timeout bounds each call; an opossum timeout would abandon a running push.
        timeout: false,
        errorThresholdPercentage: this.breakerOptions.errorThresholdPercentage,
        volumeThreshold: this.breakerOptions.volumeThreshold,
        resetTimeout: this.breakerOptions.resetTimeoutMs,
        rollingCountTimeout: this.breakerOptions.rollingCountTimeoutMs,
        // A rejection is Daraja answering sensibly about our request, not Daraja being unhealthy.
        errorFilter: (error: unknown) => error instanceof DarajaRejectedError,
      });
      breaker.on('open', () => this.logger.warn({ breaker: key }, 'daraja.breaker.opened'));
      breaker.on('close', () => this.logger.info({ breaker: key }, 'daraja.breaker.closed'));
      this.breakers.set(key, breaker);
    }
    return breaker;
  }

  /** One retry on a refused token: nothing ran, so retrying cannot duplicate a payment. */
  private async postWithToken<T>(ctx: CallContext, path: string, body: object): Promise<T> {
    const token = await this.tokens.getToken();
    try {
      return await this.post<T>(ctx, path, body, token);
    } catch (error) {
      if (!(error instanceof TokenRejectedError)) throw error;
      this.logger.warn({ operation: ctx.operation, error_code: error.errorCode }, 'daraja.token.rejected');
      await this.tokens.invalidate(token);
      const fresh = await this.tokens.getToken();
      try {
        return await this.post<T>(ctx, path, body, fresh);
      } catch (retryError) {
        if (retryError instanceof TokenRejectedError) {
          throw new DarajaRejectedError(ctx.operation, retryError.httpStatus, retryError.errorCode, retryError.errorMessage);
        }
        throw retryError;
      }
    }
  }

  private async post<T>(ctx: CallContext, path: string, body: object, token: string): Promise<T> {
    return this.request<T>(ctx, `${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  private async fetchToken(): Promise<FetchedToken> {
    const ctx = { operation: 'oauth', hasSideEffect: false };
    const basic = Buffer.from(`${this.options.consumerKey}:${this.options.consumerSecret}`).toString('base64');
    const answer = await this.request<OAuthTokenResponse>(ctx, `${this.baseUrl}/oauth/v1/generate?grant_type=client_credentials`, {
      method: 'GET',
      headers: { Authorization: `Basic ${basic}` },
    }).catch((error: unknown) => {
      // At OAuth a token error means bad consumer credentials: a plain rejection, not something to retry.
      if (error instanceof TokenRejectedError) {
        throw new DarajaRejectedError(ctx.operation, error.httpStatus, error.errorCode, error.errorMessage);
      }
      throw error;
    });
    if (typeof answer.access_token !== 'string' || answer.access_token.length === 0) {
      throw new DarajaUnavailableError(ctx.operation, 'server_error', true, 'OAuth answer has no access_token');
    }
    return { accessToken: answer.access_token, expiresInSeconds: parseExpiresIn(answer.expires_in) };
  }

  private async request<T>(ctx: CallContext, url: string, init: RequestInit): Promise<T> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    let status: number;
    let text: string;
    try {
      const res = await fetch(url, { ...init, signal });
      status = res.status;
      text = await res.text();
    } catch (error) {
      const mapped = transportError(ctx, error);
      this.logger.warn({ operation: ctx.operation, error: mapped.name, reason: mapped.message }, 'daraja.call.failed');
      throw mapped;
    }
    return interpretResponse<T>(ctx, status, text);
  }
}
