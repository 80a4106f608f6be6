// Typed failures of a Daraja call. What matters to callers is whether the request may have taken effect:
// rejected and unavailable ones did not (safe to retry or fail), outcome-unknown ones may have (settle by query).
import { LipaError } from '@lipa/platform';

export abstract class DarajaError extends LipaError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message);
    // Kept for logs and debugging; LipaError's constructor takes no cause.
    if (options?.cause !== undefined) Object.defineProperty(this, 'cause', { value: options.cause, enumerable: false });
  }
}

/** Daraja answered with its error envelope: the request definitely did NOT take effect. */
export class DarajaRejectedError extends DarajaError {
  readonly code: string = 'daraja_rejected';
  readonly status = 502;
  constructor(
    readonly operation: string,
    readonly httpStatus: number,
    readonly errorCode: string,
    readonly errorMessage: string,
    readonly requestId?: string,
  ) {
    super(`Daraja rejected ${operation}: HTTP ${httpStatus} ${errorCode} ${errorMessage}`);
  }
}

/**
 * OAuth refused the app's consumer key and secret. Unlike other rejections it counts towards the OAuth
 * breaker: every call with these credentials will fail the same way, and an app that keeps failing
 * authentication is worth no more calls for a while. An open breaker answers with this error again
 * (`breakerOpen`), without calling Daraja, so callers still see whose fault it is.
 */
export class DarajaCredentialsRejectedError extends DarajaRejectedError {
  override readonly code = 'daraja_credentials_rejected';
  constructor(
    httpStatus: number,
    errorCode: string,
    errorMessage: string,
    readonly breakerOpen = false,
  ) {
    super('oauth', httpStatus, errorCode, errorMessage);
  }
}

/**
 * Daraja could not be reached or refused to work (breaker open, connection refused, spike arrest).
 * `definitelyNotApplied` is true when nothing can have reached M-Pesa.
 */
export class DarajaUnavailableError extends DarajaError {
  readonly code = 'daraja_unavailable';
  readonly status = 503;
  readonly httpStatus?: number;
  readonly errorCode?: string;
  constructor(
    readonly operation: string,
    readonly reason: 'breaker_open' | 'connection_refused' | 'throttled' | 'server_error' | 'timeout',
    readonly definitelyNotApplied: boolean,
    message: string,
    options?: { cause?: unknown; httpStatus?: number; errorCode?: string },
  ) {
    super(`Daraja unavailable for ${operation}: ${message}`, options);
    this.httpStatus = options?.httpStatus;
    this.errorCode = options?.errorCode;
  }
}

/** The request was sent but no answer came back: it MAY have taken effect. Never retry; settle by query. */
export class DarajaOutcomeUnknownError extends DarajaError {
  readonly code = 'daraja_outcome_unknown';
  readonly status = 504;
  constructor(
    readonly operation: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`Daraja outcome unknown for ${operation}: ${message}`, options);
  }
}

/** The body handed to parseStkCallback is not an STK callback. */
export class InvalidStkCallbackError extends DarajaError {
  readonly code = 'invalid_stk_callback';
  readonly status = 400;
}
