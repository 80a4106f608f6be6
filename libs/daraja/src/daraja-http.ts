import { DarajaOutcomeUnknownError, DarajaRejectedError, DarajaUnavailableError } from './daraja.errors';

// Turning fetch outcomes into typed errors. The question each mapping answers: could the request have
// taken effect at M-Pesa? Only calls with a side effect (an STK push) can end "outcome unknown".

/** Daraja refused the token; safe to retry once with a fresh one (nothing was executed). */
export class TokenRejectedError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly errorCode: string,
    readonly errorMessage: string,
  ) {
    super(`Daraja refused the access token: ${errorCode}`);
  }
}

// Each API family reports a bad token with its own code (docs/daraja.md §1.2).
const TOKEN_ERROR_CODES = new Set(['404.001.03', '401.002.01', '400.003.01', '401.003.01']);
const THROTTLE_ERROR_CODES = new Set(['500.003.02', '500.003.03']);
const CONNECTION_NEVER_MADE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export interface CallContext {
  operation: string;
  /** True when the request may change state at M-Pesa (STK push); false for OAuth and queries. */
  hasSideEffect: boolean;
}

function errorCodeOf(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } })?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

/** fetch threw: a timeout, a refused connection, a reset mid-request. */
export function transportError(ctx: CallContext, error: unknown): Error {
  const name = (error as Error)?.name;
  const code = errorCodeOf(error);
  if (code && CONNECTION_NEVER_MADE.has(code)) {
    return new DarajaUnavailableError(ctx.operation, 'connection_refused', true, `connection failed (${code})`, { cause: error });
  }
  const reason = name === 'TimeoutError' ? 'timed out' : `connection lost (${code ?? name ?? 'unknown'})`;
  if (ctx.hasSideEffect) return new DarajaOutcomeUnknownError(ctx.operation, reason, { cause: error });
  return new DarajaUnavailableError(ctx.operation, name === 'TimeoutError' ? 'timeout' : 'server_error', false, reason, {
    cause: error,
  });
}

function asEnvelope(body: unknown): { requestId?: string; errorCode: string; errorMessage: string } | null {
  if (typeof body !== 'object' || body === null) return null;
  const record = body as Record<string, unknown>;
  if (typeof record['errorCode'] !== 'string') return null;
  return {
    requestId: typeof record['requestId'] === 'string' ? record['requestId'] : undefined,
    errorCode: record['errorCode'],
    errorMessage: typeof record['errorMessage'] === 'string' ? record['errorMessage'] : '',
  };
}

/** Reads a Daraja answer: the parsed body on success, a typed error otherwise. */
export function interpretResponse<T>(ctx: CallContext, httpStatus: number, text: string): T {
  let body: unknown;
  try {
    body = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  const envelope = asEnvelope(body);
  if (envelope) {
    if (TOKEN_ERROR_CODES.has(envelope.errorCode) || httpStatus === 401) {
      throw new TokenRejectedError(httpStatus, envelope.errorCode, envelope.errorMessage);
    }
    if (THROTTLE_ERROR_CODES.has(envelope.errorCode)) {
      // Apigee refuses before anything reaches M-Pesa, so a throttled push did not happen.
      throw new DarajaUnavailableError(ctx.operation, 'throttled', true, envelope.errorMessage, {
        httpStatus,
        errorCode: envelope.errorCode,
      });
    }
    throw new DarajaRejectedError(ctx.operation, httpStatus, envelope.errorCode, envelope.errorMessage, envelope.requestId);
  }
  if (httpStatus >= 200 && httpStatus < 300 && typeof body === 'object' && body !== null) return body as T;
  if (httpStatus === 401) throw new TokenRejectedError(httpStatus, `http_${httpStatus}`, 'Unauthorized');
  if (httpStatus >= 500 || (httpStatus >= 200 && httpStatus < 300)) {
    // A proxy error page or an unreadable 2xx: the request may have been processed behind it.
    if (ctx.hasSideEffect) throw new DarajaOutcomeUnknownError(ctx.operation, `unreadable HTTP ${httpStatus} answer`);
    throw new DarajaUnavailableError(ctx.operation, 'server_error', false, `unreadable HTTP ${httpStatus} answer`, { httpStatus });
  }
  throw new DarajaRejectedError(ctx.operation, httpStatus, `http_${httpStatus}`, 'Unexpected answer without an error envelope');
}

/** `expires_in` arrives as a string ("3599") from Daraja and as a number in the portal's docs. */
export function parseExpiresIn(value: unknown): number {
  const seconds = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new DarajaUnavailableError('oauth', 'server_error', true, 'OAuth answer has no usable expires_in');
  }
  return Math.floor(seconds);
}
