import CircuitBreaker from 'opossum';
import type { Redis } from 'ioredis';
import { DarajaCredentialsRejectedError, DarajaRejectedError, DarajaUnavailableError } from './daraja.errors';
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
  /** Every call but OAuth (push, query); 10 s by default. */
  timeoutMs?: number;
  /** The OAuth token fetch; `timeoutMs` by default. */
  oauthTimeoutMs?: number;
  breaker?: DarajaBreakerOptions;
  logger?: DarajaLogger;
}

export interface DarajaCallOptions {
  /**
   * Epoch milliseconds by which the whole call, token included, must be over. The request itself is only
   * sent while its full timeout still fits before the deadline; otherwise the call fails with a
   * DarajaUnavailableError that definitely did not apply. So a push is never cut short by the deadline.
   */
  deadline?: number;
}

type Thunk = () => Promise<unknown>;

const BREAKER_DEFAULTS = { errorThresholdPercentage: 50, volumeThreshold: 5, resetTimeoutMs: 30_000, rollingCountTimeoutMs: 10_000 };

/**
 * Daraja over HTTP for one Daraja app (consumer key and secret) on one backend: OAuth tokens cached in
 * Redis, a timeout on every call, an opossum breaker per operation and shortcode, and typed errors that
 * say whether the request may have taken effect. Give every app its own client, so one app's failures
 * (wrong credentials, say) never open another's breakers. Never logs tokens, passwords or consumer secrets.
 */
export class DarajaClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly oauthTimeoutMs: number;
  private readonly logger: DarajaLogger;
  private readonly tokens: DarajaTokenCache;
  private readonly breakers = new Map<string, CircuitBreaker<[Thunk], unknown>>();
  /** The failure that last counted against each breaker: an open breaker repeats a credentials rejection. */
  private readonly lastFailures = new Map<string, unknown>();
  private readonly breakerOptions: Required<DarajaBreakerOptions>;

  constructor(private readonly options: DarajaClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.oauthTimeoutMs = options.oauthTimeoutMs ?? this.timeoutMs;
    this.logger = options.logger ?? silentDarajaLogger;
    this.breakerOptions = { ...BREAKER_DEFAULTS, ...options.breaker };
    this.tokens = new DarajaTokenCache({
      redis: options.redis,
      redisKeyPrefix: options.redisKeyPrefix,
      baseUrl: this.baseUrl,
      consumerKey: options.consumerKey,
      timeoutMs: this.oauthTimeoutMs,
      fetchToken: () => this.throughBreaker('oauth', '-', () => this.fetchToken()),
      logger: this.logger,
    });
  }

  /** The Redis key holding this consumer key's token (for operators and tests). */
  get tokenRedisKey(): string {
    return this.tokens.redisKey;
  }

  /** Never retried here: a DarajaOutcomeUnknownError must be settled by stkQuery. */
  stkPush(request: StkPushRequest, options: DarajaCallOptions = {}): Promise<StkPushResponse> {
    const ctx = { operation: 'stkPush', hasSideEffect: true };
    return this.throughBreaker(ctx.operation, String(request.BusinessShortCode), () =>
      this.postWithToken<StkPushResponse>(ctx, '/mpesa/stkpush/v1/processrequest', request, options.deadline),
    );
  }

  /** A pending payment may come back as ResultCode "4999" or as DarajaRejectedError 500.001.1001 (older form). */
  stkQuery(request: StkQueryRequest, options: DarajaCallOptions = {}): Promise<StkQueryResponse> {
    const ctx = { operation: 'stkQuery', hasSideEffect: false };
    return this.throughBreaker(ctx.operation, String(request.BusinessShortCode), () =>
      this.postWithToken<StkQueryResponse>(ctx, '/mpesa/stkpushquery/v1/query', request, options.deadline),
    );
  }

  isBreakerOpen(operation: string, shortcode: string | number): boolean {
    return this.breakers.get(`${operation}:${shortcode}`)?.opened ?? false;
  }

  /** Stops the breakers' rolling-window timers. */
  close(): void {
    for (const breaker of this.breakers.values()) breaker.shutdown();
    this.breakers.clear();
    this.lastFailures.clear();
  }

  private async throughBreaker<T>(operation: string, shortcode: string, call: () => Promise<T>): Promise<T> {
    const key = `${operation}:${shortcode}`;
    const breaker = this.breakerFor(key, operation);
    try {
      return (await breaker.fire(call)) as T;
    } catch (error) {
      if ((error as { code?: string }).code === 'EOPENBREAKER') {
        const last = this.lastFailures.get(key);
        // Still the app's credentials, not Daraja's health: say so, without another call.
        if (last instanceof DarajaCredentialsRejectedError) throw new DarajaCredentialsRejectedError(last.httpStatus, last.errorCode, last.errorMessage, true);
        throw new DarajaUnavailableError(operation, 'breaker_open', true, 'circuit breaker is open');
      }
      throw error;
    }
  }

  private breakerFor(key: string, operation: string): CircuitBreaker<[Thunk], unknown> {
    let breaker = this.breakers.get(key);
    if (!breaker) {
      // A rejection is Daraja answering sensibly about our request, not Daraja being unhealthy; but refused
      // credentials will be refused on every call, so at OAuth they count.
      const notAFailure =
        operation === 'oauth'
          ? (error: unknown) => error instanceof DarajaRejectedError && !(error instanceof DarajaCredentialsRejectedError)
          : (error: unknown) => error instanceof DarajaRejectedError;
      breaker = new CircuitBreaker<[Thunk], unknown>((thunk: Thunk) => thunk(), {
        name: key,
        // Our own AbortSignal timeout bounds each call; an opossum timeout would abandon a running push.
        timeout: false,
        errorThresholdPercentage: this.breakerOptions.errorThresholdPercentage,
        volumeThreshold: this.breakerOptions.volumeThreshold,
        resetTimeout: this.breakerOptions.resetTimeoutMs,
        rollingCountTimeout: this.breakerOptions.rollingCountTimeoutMs,
        errorFilter: notAFailure,
      });
      breaker.on('failure', (error: unknown) => this.lastFailures.set(key, error));
      breaker.on('open', () => this.logger.warn({ breaker: key }, 'daraja.breaker.opened'));
      breaker.on('close', () => this.logger.info({ breaker: key }, 'daraja.breaker.closed'));
      this.breakers.set(key, breaker);
    }
    return breaker;
  }

  /** One retry on a refused token: nothing ran, so retrying cannot duplicate a payment. */
  private async postWithToken<T>(ctx: CallContext, path: string, body: object, deadline?: number): Promise<T> {
    const token = await this.tokenBefore(ctx, deadline);
    try {
      return await this.post<T>(ctx, path, body, token);
    } catch (error) {
      if (!(error instanceof TokenRejectedError)) throw error;
      this.logger.warn({ operation: ctx.operation, error_code: error.errorCode }, 'daraja.token.rejected');
      await this.tokens.invalidate(token);
      const fresh = await this.tokenBefore(ctx, deadline);
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

  /**
   * A token in time for the request to follow with its full timeout before the deadline. Waiting stops at
   * that point; a refresh already running goes on and stores its token for the next caller.
   */
  private async tokenBefore(ctx: CallContext, deadline: number | undefined): Promise<string> {
    if (deadline === undefined) return this.tokens.getToken();
    const budgetMs = deadline - this.timeoutMs - Date.now();
    const tooLate = () => new DarajaUnavailableError(ctx.operation, 'timeout', true, 'no token in time to send the request before its deadline');
    if (budgetMs <= 0) throw tooLate();
    const token = this.tokens.getToken();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(tooLate()), budgetMs);
    });
    try {
      return await Promise.race([token, expired]);
    } finally {
      clearTimeout(timer);
      // The loser of the race must not surface as an unhandled rejection.
      token.catch(() => undefined);
    }
  }

  private async post<T>(ctx: CallContext, path: string, body: object, token: string): Promise<T> {
    return this.request<T>(
      ctx,
      `${this.baseUrl}${path}`,
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      },
      this.timeoutMs,
    );
  }

  private async fetchToken(): Promise<FetchedToken> {
    const ctx = { operation: 'oauth', hasSideEffect: false };
    const basic = Buffer.from(`${this.options.consumerKey}:${this.options.consumerSecret}`).toString('base64');
    const answer = await this.request<OAuthTokenResponse>(
      ctx,
      `${this.baseUrl}/oauth/v1/generate?grant_type=client_credentials`,
      { method: 'GET', headers: { Authorization: `Basic ${basic}` } },
      this.oauthTimeoutMs,
    ).catch((error: unknown) => {
      // At OAuth any refusal (400.008.01 "Invalid Authentication passed", a 401) is about the consumer
      // key and secret (docs/daraja.md §2): the same pair will be refused again, so it is not retried.
      if (error instanceof TokenRejectedError || error instanceof DarajaRejectedError) {
        throw new DarajaCredentialsRejectedError(error.httpStatus, error.errorCode, error.errorMessage);
      }
      throw error;
    });
    if (typeof answer.access_token !== 'string' || answer.access_token.length === 0) {
      throw new DarajaUnavailableError(ctx.operation, 'server_error', true, 'OAuth answer has no access_token');
    }
    return { accessToken: answer.access_token, expiresInSeconds: parseExpiresIn(answer.expires_in) };
  }

  private async request<T>(ctx: CallContext, url: string, init: RequestInit, timeoutMs: number): Promise<T> {
    const signal = AbortSignal.timeout(timeoutMs);
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
