import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { LipaError } from './errors';

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

/** The one place where the public error body is made (DESIGN.md §5, STYLE.md "Errors"). */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const requestId = String(request.id ?? request.headers['x-request-id'] ?? '');
    const { status, body } = toErrorResponse(exception, requestId);
    if (!(exception instanceof LipaError) && !(exception instanceof HttpException && status < 500)) {
      // Not one of ours: a bug. Log it whole; the caller only sees a generic message.
      this.logger.error({ msg: 'http.unhandled_error', err: exception, request_id: requestId });
    } else if (status >= 500) {
      this.logger.warn({ msg: 'http.upstream_error', error_code: body.error_code, request_id: requestId });
    }
    response.status(status).json(body);
  }
}

export function toErrorResponse(exception: unknown, requestId: string): { status: number; body: ErrorBody } {
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
