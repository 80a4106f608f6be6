import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Response } from 'express';
import { merchantRequestId } from '../stk/daraja-ids';

/** A synchronous Daraja failure, answered with the Apigee envelope `{requestId, errorCode, errorMessage}`. */
export class DarajaHttpError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly errorCode: string,
    readonly errorMessage: string,
    readonly requestId: string = merchantRequestId(),
  ) {
    super(`${errorCode} ${errorMessage}`);
  }
}

export const invalidField = (field: string) => new DarajaHttpError(400, '400.002.02', `Bad Request - Invalid ${field}`);

/** Everything leaves in Daraja's shape, including Nest's own 404 for unknown paths. */
@Catch()
export class DarajaErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const error = toDarajaHttpError(exception);
    res.status(error.httpStatus).json({ requestId: error.requestId, errorCode: error.errorCode, errorMessage: error.errorMessage });
  }
}

function toDarajaHttpError(exception: unknown): DarajaHttpError {
  if (exception instanceof DarajaHttpError) return exception;
  if (exception instanceof HttpException && exception.getStatus() === 404) {
    return new DarajaHttpError(404, '404.001.01', 'Resource not found');
  }
  return new DarajaHttpError(500, '500.003.1001', 'Internal Server Error');
}
