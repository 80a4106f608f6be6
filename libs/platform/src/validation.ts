import { ValidationError, ValidationPipe } from '@nestjs/common';
import { RequestValidationError } from './errors';

function describe(errors: ValidationError[], parent = ''): { field: string; problem: string }[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((problem) => ({ field, problem }));
    return [...own, ...describe(error.children ?? [], field)];
  });
}

/**
 * class-validator DTOs everywhere, answering 400 validation_error with one line per bad field.
 * Unknown fields are rejected so a typo in a field name is not silently ignored.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory: (errors) => {
      const problems = describe(errors);
      const message = problems.map((p) => p.problem).join('; ') || 'Invalid request';
      return new RequestValidationError(message, { errors: problems });
    },
  });
}
