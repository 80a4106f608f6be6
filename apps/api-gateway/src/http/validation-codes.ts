import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CodedError, RequestValidationError } from '@lipa/platform';
import { Observable, catchError, throwError } from 'rxjs';

const VALIDATION_CODES = 'lipa:gateway:validation-codes';

/**
 * Fields whose validation failure has its own public error code (`phone` → `invalid_phone`), in
 * priority order. Merchants of the products we replace branch on these codes, so a bad phone must
 * not come back as a generic `validation_error`.
 */
export const ValidationCodes = (codes: Record<string, string>): MethodDecorator => SetMetadata(VALIDATION_CODES, codes);

interface Problem {
  field: string;
  problem: string;
}

/** Pure mapping, unit-tested: the platform's validation_error → the first listed field's own code. */
export function specificValidationError(error: RequestValidationError, codes: Record<string, string>): RequestValidationError | CodedError {
  const problems = (error.details?.errors as Problem[] | undefined) ?? [];
  for (const [field, code] of Object.entries(codes)) {
    const own = problems.filter((p) => p.field === field || p.field.startsWith(`${field}.`));
    // The field's own code, but a message naming every problem, so a caller fixes them all at once.
    if (own.length > 0)
      return new CodedError(code, 400, [...own, ...problems.filter((p) => !own.includes(p))].map((p) => p.problem).join('; '), { errors: problems });
  }
  return error;
}

/**
 * The platform's global ValidationPipe runs inside the interceptor chain (Nest applies pipes in
 * the handler the interceptors call), so its error passes through here and can be given the
 * field's specific code without changing libs/platform.
 */
@Injectable()
export class ValidationCodesInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const codes = this.reflector.get<Record<string, string> | undefined>(VALIDATION_CODES, context.getHandler());
    if (!codes) return next.handle();
    return next
      .handle()
      .pipe(catchError((error: unknown) => throwError(() => (error instanceof RequestValidationError ? specificValidationError(error, codes) : error))));
  }
}
