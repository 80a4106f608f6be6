import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { LipaError, RequestValidationError } from './errors';

export interface ErrorBody {
  success: false;
  message: string;
  error_code: string;
  request_id: string;
  errors?: unknown;
}

/** Nest's own HTTP errors (unknown route, unparsable JSON, body too large) mapped to stable codes. */
const HTTP_EXCEPTION_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'route_not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/**
 * Postgres refusing a value for its column (SQLSTATE class 22, "data exception", and 54000, e.g. an
 * index row too large), with what the caller is told. The platform's input checks
 * (unstorable-input.ts) and the DTOs should stop such values first; this is the net under them, so a
 * value nobody thought of is still a 400 and not a 500. The SQLSTATE is logged for the developer.
 */
const UNSTORABLE_VALUE_PROBLEMS: Record<string, string> = {
  '22001': 'a value is longer than its field allows',
  '22003': 'a number is out of range',
  '22007': 'a date or time is not valid',
  '22008': 'a date or time is out of range',
  '22021': 'a value contains a character that cannot be stored',
  '22P02': 'a value is not valid for its field',
  '22P05': 'a value contains a character that cannot be stored',
  '54000': 'a value is too large to store',
};

/** The SQLSTATE of a TypeORM QueryFailedError or pg DatabaseError that says the request's data cannot be stored, else null. */
export function unstorableValueSqlState(exception: unknown): string | null {
  if (!(exception instanceof Error)) return null;
  const { code, severity } = exception as Error & { code?: unknown; severity?: unknown };
  if (typeof code !== 'string' || typeof severity !== 'string') return null;
  return code.startsWith('22') || code === '54000' ? code : null;
}

/** The one place where the public error body is made (docs/design.md §5, docs/style.md "Errors"). */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const requestId = String(request.id ?? request.headers['x-request-id'] ?? '');
    const sqlState = unstorableValueSqlState(exception);
    const { status, body } = toErrorResponse(exception, requestId);
    if (sqlState) {
      // The err serializer (logging.ts) drops the query's parameters: they are the caller's data and may hold a password hash.
      this.logger.warn({ msg: 'http.unstorable_value', sqlstate: sqlState, err: exception, request_id: requestId });
    } else if (!(exception instanceof LipaError) && !(exception instanceof HttpException && status < 500)) {
      // Not one of ours: a bug. Log it whole; the caller only sees a generic message.
      this.logger.error({ msg: 'http.unhandled_error', err: exception, request_id: requestId });
    } else if (status >= 500) {
      this.logger.warn({ msg: 'http.upstream_error', error_code: body.error_code, request_id: requestId });
    }
    response.status(status).json(body);
  }
}

export function toErrorResponse(exception: unknown, requestId: string): { status: number; body: ErrorBody } {
  const sqlState = unstorableValueSqlState(exception);
  if (sqlState) {
    const problem = UNSTORABLE_VALUE_PROBLEMS[sqlState] ?? 'a value cannot be stored';
    return toErrorResponse(new RequestValidationError(`The request cannot be stored: ${problem}`, { errors: [{ field: 'request', problem }] }), requestId);
  }
  if (exception instanceof LipaError) {
    const errors = exception.details?.errors;
    return {
      status: exception.status,
      body: { success: false, message: exception.message, error_code: exception.code, request_id: requestId, ...(errors ? { errors } : {}) },
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = HTTP_EXCEPTION_CODES[status] ?? (status >= 500 ? 'internal_error' : 'bad_request');
    const isJsonParseError = status === 400 && /JSON/i.test(exception.message);
    return {
      status,
      body: {
        success: false,
        message: isJsonParseError ? 'Request body is not valid JSON' : status >= 500 ? 'Internal error' : exception.message,
        error_code: isJsonParseError ? 'invalid_json' : code,
        request_id: requestId,
      },
    };
  }
  return { status: 500, body: { success: false, message: 'Internal error', error_code: 'internal_error', request_id: requestId } };
}
