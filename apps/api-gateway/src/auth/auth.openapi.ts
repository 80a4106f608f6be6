import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiProperty, ApiResponse, DECORATORS } from '@nestjs/swagger';
import { ApiAuth, ApiErrors, ApiPublic, type ErrorCode, type ErrorSpec, SuccessResponse } from '../http/openapi';

/**
 * The API reference for the auth routes, and decorators that document what auth/access.ts demands, so
 * a route's documentation is written once beside its access rule:
 *
 * | access.ts          | document with            |
 * |--------------------|--------------------------|
 * | `@Authenticated()` | `@ApiAuthenticated()`    |
 * | `@SessionOnly()`   | `@ApiSessionOnly()`      |
 * | `@AdminOnly()`     | `@ApiAdminOnly()`        |
 *
 * Put the access decorator above the route's own `@ApiErrors(…)`, so it is applied after them (a
 * route's `validationError(…)` then describes its `validation_error`, and the 429 keeps Retry-After).
 * Documentation only: MerchantAuthGuard does the checking.
 */

// ---------------------------------------------------------------------------------------------
// Headers

/** Set by RateLimits (rate-limit/rate-limits.ts) on every answer it counted, before the route runs. */
export const RATE_LIMIT_HEADERS = {
  'RateLimit-Limit': {
    description: 'Requests allowed per minute (per API credential, per merchant for a portal session, per client address on sign-up and log-in).',
    schema: { type: 'integer', example: 120 },
  },
  'RateLimit-Remaining': { description: 'Requests left in the current minute.', schema: { type: 'integer', example: 119 } },
  'RateLimit-Reset': { description: 'Seconds until the count starts again.', schema: { type: 'integer', example: 42 } },
};

const RETRY_AFTER_HEADERS = {
  'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer', minimum: 1, example: 42 } },
  ...RATE_LIMIT_HEADERS,
};

/** RateLimit-* on a 2xx answer that ApiPage describes (it takes no headers of its own). */
export const ApiRateLimitHeaders = (status = 200): MethodDecorator => ApiResponse({ status, headers: RATE_LIMIT_HEADERS });

/**
 * Adds Retry-After and RateLimit-* to the 429 that ApiErrors wrote. ApiErrors rebuilds its responses
 * each time it runs, so this has to run after the last of them: it is the last step of the access
 * decorators below, and of ApiRateLimitedPublic.
 */
function retryAfterOn429(): ClassDecorator & MethodDecorator {
  const add = (handler: object) => {
    const responses = (Reflect.getMetadata(DECORATORS.API_RESPONSE, handler) ?? {}) as Record<string, Record<string, unknown>>;
    if (responses['429'])
      Reflect.defineMetadata(DECORATORS.API_RESPONSE, { ...responses, 429: { ...responses['429'], headers: RETRY_AFTER_HEADERS } }, handler);
  };
  return ((target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (descriptor) {
      add(descriptor.value as object);
      return descriptor;
    }
    const prototype = (target as { prototype: Record<string, unknown> }).prototype;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[name];
      if (name !== 'constructor' && typeof handler === 'function' && Reflect.hasMetadata('path', handler)) add(handler);
    }
    return target;
  }) as ClassDecorator & MethodDecorator;
}

const MODE_HEADER = ApiHeader({
  name: 'X-Lipa-Mode',
  required: false,
  enum: ['test', 'live'],
  description:
    'Portal sessions only: the mode to act in, `test` when absent. `live` needs the merchant approved for live. API keys and OAuth tokens act in their own mode and ignore it.',
});

// ---------------------------------------------------------------------------------------------
// Error codes with a meaning particular to these routes

/** `validation_error` where the only input is the X-Lipa-Mode header (the access decorators' default). */
export const MODE_VALIDATION_ERROR: ErrorSpec = {
  code: 'validation_error',
  status: 400,
  description: 'X-Lipa-Mode is neither `test` nor `live`.',
  message: 'X-Lipa-Mode must be test or live',
};

/**
 * `validation_error` of a route with a body or a query, with an example message of its own; on a
 * guarded route (`header: true`) the caller may also have sent a bad X-Lipa-Mode.
 */
export function validationError(message: string, { header = true }: { header?: boolean } = {}): ErrorSpec {
  const description = header
    ? 'A field is missing, malformed or unknown, or X-Lipa-Mode is neither `test` nor `live`; `errors` lists every problem.'
    : 'A field is missing, malformed or unknown; `errors` lists every problem.';
  return { code: 'validation_error', status: 400, description, message };
}

/** Per client address on sign-up and log-in (RATE_LIMIT_AUTH_PER_IP_PER_MINUTE). */
export const AUTH_RATE_LIMITED: ErrorSpec = {
  code: 'rate_limited',
  status: 429,
  description: 'Too many sign-up or log-in requests from this address; retry after `Retry-After` seconds.',
  message: 'Too many sign-up or log-in requests from this address; retry later',
};

// ---------------------------------------------------------------------------------------------
// Access rules (auth/access.ts)

/**
 * What MerchantAuthGuard may answer for any credential before the route runs: a suspended merchant,
 * the caller's rate limit, and for a portal session a bad or unapproved X-Lipa-Mode.
 */
const GUARD_ERRORS: Array<ErrorCode | ErrorSpec> = ['merchant_suspended', 'rate_limited', 'live_not_approved', MODE_VALIDATION_ERROR];

/**
 * Documents `@Authenticated()`: any credential, with what MerchantAuthGuard may answer before the
 * route runs (ApiAuth) and the X-Lipa-Mode header a portal session may send.
 */
export function ApiAuthenticated(): ClassDecorator & MethodDecorator {
  return applyDecorators(ApiAuth(), MODE_HEADER, ApiErrors(...GUARD_ERRORS), retryAfterOn429()) as ClassDecorator & MethodDecorator;
}

/**
 * Documents `@SessionOnly()`: a portal session. An API key is still read first, so a bad one is
 * `invalid_api_key` and a good one `session_required`.
 */
export function ApiSessionOnly(): ClassDecorator & MethodDecorator {
  return applyDecorators(
    ApiAuth('session'),
    MODE_HEADER,
    ApiErrors(...GUARD_ERRORS, 'invalid_api_key', 'session_required'),
    retryAfterOn429(),
  ) as ClassDecorator & MethodDecorator;
}

/** Documents `@AdminOnly()`: a portal session of a user with the admin role (403 `forbidden` otherwise). */
export function ApiAdminOnly(): ClassDecorator & MethodDecorator {
  return applyDecorators(
    ApiAuth('session'),
    MODE_HEADER,
    ApiErrors(...GUARD_ERRORS, 'invalid_api_key', 'session_required', {
      code: 'forbidden',
      status: 403,
      description: 'The session is not an admin’s.',
      message: 'Admins only',
    }),
    retryAfterOn429(),
  ) as ClassDecorator & MethodDecorator;
}

/**
 * Documents a public route counted per client address (RateLimits.consumeAuthAttempt): the 2xx carries
 * RateLimit-*, the 429s Retry-After. Put it above the route's other ApiErrors.
 */
export function ApiRateLimitedPublic(): MethodDecorator {
  return applyDecorators(ApiPublic(), ApiErrors(AUTH_RATE_LIMITED), retryAfterOn429());
}

// ---------------------------------------------------------------------------------------------
// Bodies

export class MerchantRegisteredResponse extends SuccessResponse {
  @ApiProperty({ example: 'Merchant registered' }) declare message: string;
  @ApiProperty({ example: 'mch_5b2e8c1f0a9d4e7b3c6f1a2d' }) merchant_id: string;
  @ApiProperty({ example: 'mama_mboga' }) username: string;
  @ApiProperty({ description: 'Stored in lower case.', example: 'wanjiru@example.co.ke' }) email: string;
  @ApiProperty({ type: String, nullable: true, description: 'Normalised to 2547…/2541…; null when none was given.', example: '254712345678' })
  phone: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Mama Mboga Groceries' }) business_name: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-11-24T09:30:00.000Z' }) created_at: string;
}

export class LoggedInResponse extends SuccessResponse {
  @ApiProperty({ example: 'Logged in' }) declare message: string;
  @ApiProperty({ example: 'mch_5b2e8c1f0a9d4e7b3c6f1a2d' }) merchant_id: string;
  @ApiProperty({ example: 'mama_mboga' }) username: string;
  @ApiProperty({ enum: ['merchant', 'admin'], example: 'merchant' }) role: 'merchant' | 'admin';
  @ApiProperty({
    description: 'The session token, also set as the `lipa_session` cookie. Send it as `Authorization: Bearer sess_…` from a non-browser client.',
    example: 'sess_SZZzvaywJYXufWzZ2GduCca1Hym_b8na2PFDyvDo6CQ',
  })
  token: string;
  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' }) token_type: 'Bearer';
  @ApiProperty({ format: 'date-time', description: 'The session ends then, or at log-out.', example: '2026-11-25T09:30:00.000Z' }) expires_at: string;
}

export class LoggedOutResponse extends SuccessResponse {
  @ApiProperty({ example: 'Logged out' }) declare message: string;
}
