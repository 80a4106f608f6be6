import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { HttpErrorFilter, LipaError, toErrorResponse } from '@lipa/platform';

/** RFC 6749 §5.2 error codes for ours, so standard OAuth clients can read why a token was refused. */
const OAUTH_ERRORS: Record<string, string> = {
  invalid_client: 'invalid_client',
  unsupported_grant_type: 'unsupported_grant_type',
  validation_error: 'invalid_request',
  invalid_json: 'invalid_request',
  merchant_suspended: 'unauthorized_client',
  rate_limited: 'temporarily_unavailable',
};

/**
 * The token endpoint's errors: the platform's body (error_code, request_id) plus RFC 6749's `error` and
 * `error_description`, and `WWW-Authenticate` when a client authenticated with HTTP Basic (§5.2).
 * Anything that is not a client error goes to the platform's filter unchanged.
 */
@Catch()
export class OAuthErrorFilter implements ExceptionFilter {
  private readonly fallback = new HttpErrorFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const isClientError = (exception instanceof LipaError || exception instanceof HttpException) && toErrorResponse(exception, '').status < 500;
    if (!isClientError) return this.fallback.catch(exception, host);
    const request = host.switchToHttp().getRequest<Request & { id?: string }>();
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body } = toErrorResponse(exception, String(request.id ?? ''));
    if (status === 401 && /^Basic\b/i.test(request.headers.authorization ?? '')) response.setHeader('WWW-Authenticate', 'Basic realm="lipa", charset="UTF-8"');
    response.setHeader('Cache-Control', 'no-store');
    response.status(status).json({ ...body, error: OAUTH_ERRORS[body.error_code] ?? 'invalid_request', error_description: body.message });
  }
}
