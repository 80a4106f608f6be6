/**
 * Every error a caller may see is a LipaError with a stable snake_case code and an HTTP status.
 * Anything else that escapes is a bug: it is logged with its stack and answered with a generic 500.
 * Messages must never contain secrets, tokens or Daraja credentials.
 */
export abstract class LipaError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;

  constructor(
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A LipaError whose code and status are data, e.g. re-raised from an RPC reply. */
export class CodedError extends LipaError {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(message, details);
  }
}

export class RequestValidationError extends LipaError {
  readonly code = 'validation_error';
  readonly status = 400;
}

export class UnauthorizedError extends LipaError {
  readonly status = 401;
  constructor(
    readonly code = 'unauthorized',
    message = 'Missing or invalid credentials',
  ) {
    super(message);
  }
}

export class ForbiddenError extends LipaError {
  readonly code = 'forbidden';
  readonly status = 403;
}

export class NotFoundError extends LipaError {
  readonly status = 404;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class ConflictError extends LipaError {
  readonly status = 409;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class UpstreamUnavailableError extends LipaError {
  readonly code = 'upstream_unavailable';
  readonly status = 503;
}

export class InternalError extends LipaError {
  readonly code = 'internal_error';
  readonly status = 500;
  constructor(message = 'Internal error') {
    super(message);
  }
}
