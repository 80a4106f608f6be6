import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { RequestValidationError } from './errors';
import { InputProblem, findUnstorableValues, unstorableInputError } from './unstorable-input';

/**
 * One problem per field, the one a person fixes first: a missing value is "x is required", not every
 * constraint it also fails; otherwise the first failing constraint as declared (class-validator runs
 * and records them bottom-up, so that is the last one recorded).
 */
function oneProblem(field: string, error: ValidationError): string[] {
  const problems = Object.values(error.constraints ?? {});
  if (problems.length === 0) return [];
  if (error.value === undefined || error.value === null) return [`${field} is required`];
  return [problems[problems.length - 1]];
}

function describe(errors: ValidationError[], parent = ''): { field: string; problem: string }[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = oneProblem(field, error).map((problem) => ({ field, problem }));
    return [...own, ...describe(error.children ?? [], field)];
  });
}

/**
 * What a handler argument holds that no column can store (NUL, lone surrogates, numbers past 2^53,
 * nesting past MAX_JSON_DEPTH). The platform's middleware already refused such JSON bodies, paths
 * and query strings; this catches what is parsed after it, such as api-gateway's form-encoded OAuth
 * bodies, and names path parameters. A whole body that is a string is a raw body (callback-ingest's
 * text parser) and is left as it came.
 */
export function unstorableArgumentProblems(value: unknown, metadata: ArgumentMetadata): InputProblem[] {
  if (metadata.type === 'custom') return [];
  if (metadata.type === 'body' && metadata.data === undefined && typeof value === 'string') return [];
  return findUnstorableValues(value, metadata.data ?? '', metadata.type);
}

class StorableInputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const problems = unstorableArgumentProblems(value, metadata);
    if (problems.length > 0) throw unstorableInputError(problems);
    return super.transform(value, metadata);
  }
}

/**
 * class-validator DTOs everywhere, answering 400 validation_error with one line per bad field.
 * Unknown fields are rejected so a typo in a field name is not silently ignored.
 */
export function createValidationPipe(): ValidationPipe {
  return new StorableInputValidationPipe({
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
