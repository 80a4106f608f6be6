import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiProperty, ApiPropertyOptional, ApiResponse, DECORATORS, getSchemaPath } from '@nestjs/swagger';

/**
 * Reusable @nestjs/swagger decorators for the public API reference (`/openapi.json`, `/docs`).
 *
 * Every route gets, besides `@ApiOperation({ summary })` and its success response:
 * - `@ApiAuth()` or `@ApiPublic()`: who may call it;
 * - `@ApiErrors(...codes)`: the error codes it can answer with, each under its HTTP status.
 *
 * ```ts
 * @Controller('v1/payment-accounts')
 * @ApiTags('Payment accounts')
 * @ApiAuth()                                    // every route of the controller
 * export class PaymentAccountsController {
 *   @Post()
 *   @ApiOperation({ summary: 'Add a paybill or till' })
 *   @ApiCreatedResponse({ type: PaymentAccountResponse })
 *   @ApiErrors('validation_error', { code: 'payment_account_exists', status: 409, description: 'That number is already yours' })
 *   create(@Body() body: CreatePaymentAccountDto) {}
 *
 *   @Get()
 *   @ApiOperation({ summary: 'List payment accounts' })
 *   @ApiPage(PaymentAccountView)                // { success, message, data: [...], pagination }
 *   list() {}
 * }
 * ```
 * The decorators may be stacked in any order and on the class or the method.
 */

// ---------------------------------------------------------------------------------------------
// Error bodies (libs/platform/src/http-error.filter.ts makes them)

export class ValidationProblem {
  @ApiProperty({ example: 'phone' }) field: string;
  @ApiProperty({ example: 'phone must be a Safaricom mobile number such as 0712345678 or 254712345678' }) problem: string;
}

export class ErrorResponse {
  @ApiProperty({ enum: [false], example: false }) success: false;
  @ApiProperty({ example: 'phone must be a Safaricom mobile number such as 0712345678 or 254712345678' }) message: string;
  @ApiProperty({ description: 'Stable snake_case code to branch on; the message may change.', example: 'invalid_phone' }) error_code: string;
  @ApiProperty({
    description: 'Quote it to support; the same id is in our logs (X-Request-Id when you send one).',
    example: 'req_7b0c5c3e-2f4a-4d7e-9a51-3c2b1e0f6a9d',
  })
  request_id: string;
  @ApiPropertyOptional({ type: [ValidationProblem], description: 'Validation errors only: every problem found, not just the first.' })
  errors?: ValidationProblem[];
}

export interface ErrorSpec {
  code: string;
  status: number;
  description: string;
  /** Example message; defaults to the description. */
  message?: string;
}

/**
 * Codes the gateway (or a service behind it, passed through) answers with. Routes name theirs with
 * `@ApiErrors('code', …)`; a code not listed here can be given inline as an ErrorSpec.
 */
export const ERROR_CODES = {
  bad_request: { status: 400, description: 'The request is malformed.' },
  invalid_json: { status: 400, description: 'The body is not valid JSON.', message: 'Request body is not valid JSON' },
  validation_error: {
    status: 400,
    description: 'A field is missing, malformed or unknown; `errors` lists every problem.',
    message: 'reference must be longer than or equal to 1 characters',
  },
  invalid_phone: {
    status: 400,
    description: 'The phone is missing or not a Kenyan Safaricom number (07…, 01…, 7…, +254…, 254…).',
    message: 'phone must be a Safaricom mobile number such as 0712345678 or 254712345678',
  },
  invalid_amount: {
    status: 400,
    description: 'The amount is missing, not a whole number of KES, or outside 1–250,000.',
    message: 'amount must be a whole number of KES from 1 to 250000',
  },
  invalid_idempotency_key: {
    status: 400,
    description: 'The Idempotency-Key is not 1–255 visible ASCII characters.',
    message: 'Idempotency-Key must be 1-255 visible ASCII characters',
  },
  invalid_webhook_url: {
    status: 400,
    description: 'The URL cannot receive webhooks: not an absolute http(s) URL, credentials in it, too long, or not https for a live endpoint.',
    message: 'A live webhook endpoint must use https',
  },
  unsupported_grant_type: { status: 400, description: 'The OAuth grant_type is not client_credentials.' },
  unauthorized: { status: 401, description: 'No credentials were sent.', message: 'Missing or invalid credentials' },
  invalid_api_key: { status: 401, description: 'The API key or secret is unknown, malformed or revoked.', message: 'Invalid or revoked API key' },
  invalid_token: { status: 401, description: 'The OAuth access token or portal session is unknown or expired.', message: 'Invalid or expired access token' },
  invalid_credentials: {
    status: 401,
    description: 'Log-in failed; the same answer whether or not the user exists.',
    message: 'Invalid username/email or password',
  },
  invalid_client: { status: 401, description: 'The OAuth client_id or client_secret is wrong.', message: 'Invalid client_id or client_secret' },
  subscription_inactive: {
    status: 402,
    description: 'The subscription is not active, so money cannot move.',
    message: 'Your subscription is not active; renew it to move money',
  },
  forbidden: { status: 403, description: 'These credentials may not do this (admins only).', message: 'Admins only' },
  merchant_suspended: { status: 403, description: 'The merchant is suspended; every credential is refused until reactivated.' },
  session_required: {
    status: 403,
    description: 'Only a portal session may do this, not an API key or OAuth token.',
    message: 'This needs a portal session (log in); API keys cannot do it',
  },
  live_not_approved: { status: 403, description: 'The merchant is not approved for live mode yet.' },
  payment_account_mode_mismatch: { status: 403, description: "The payment account belongs to the other mode than the credential's." },
  transaction_not_found: { status: 404, description: 'No such transaction, or it belongs to another merchant or mode.', message: 'Transaction not found' },
  payment_account_exists: {
    status: 409,
    description: 'That paybill or till is already registered for live payments (by this or another merchant).',
    message: 'This paybill or till is already registered for live payments',
  },
  payment_account_not_found: { status: 404, description: 'No such payment account, or it belongs to another merchant.', message: 'Payment account not found' },
  api_key_not_found: { status: 404, description: 'No such API key, or it belongs to another merchant.', message: 'API key not found' },
  merchant_not_found: { status: 404, description: 'No such merchant.', message: 'Merchant not found' },
  webhook_endpoint_not_found: {
    status: 404,
    description: 'No such webhook endpoint, or it belongs to another merchant or to the other mode.',
    message: 'No such webhook endpoint',
  },
  webhook_delivery_not_found: {
    status: 404,
    description: 'No such webhook delivery, or it belongs to another merchant, to the other mode or to a deleted endpoint.',
    message: 'No such webhook delivery',
  },
  webhook_endpoint_disabled: {
    status: 409,
    description: 'The webhook endpoint is disabled; re-enable it (`PATCH` with `enabled: true`) first.',
    message: 'The webhook endpoint is disabled; re-enable it first',
  },
  merchant_exists: { status: 409, description: 'The username (in any case) or email is already registered.' },
  idempotency_key_in_progress: { status: 409, description: 'A request with this Idempotency-Key is still being handled; retry shortly.' },
  idempotency_key_reused: { status: 422, description: 'This Idempotency-Key was already used for a different request.' },
  api_key_limit_reached: { status: 422, description: 'The merchant has as many active API keys as allowed; revoke one first.' },
  webhook_endpoint_limit_reached: {
    status: 422,
    description: 'The merchant has as many webhook endpoints as allowed (test and live together); delete one first.',
  },
  payment_account_limit_reached: { status: 422, description: 'The merchant has as many payment accounts as allowed.' },
  live_mode_not_configured: { status: 422, description: 'Live payments are not set up on the platform yet.' },
  mpesa_request_rejected: { status: 422, description: 'M-Pesa refused the request; nothing was sent to the phone.' },
  rate_limited: { status: 429, description: 'Too many requests for this credential; slow down and retry shortly.' },
  login_locked: { status: 429, description: 'Too many failed log-ins; wait before trying again.' },
  upstream_error: { status: 502, description: 'A service behind the gateway failed to handle the request.' },
  upstream_unavailable: { status: 503, description: 'A service behind the gateway is unreachable; nothing was done. Retry shortly.' },
  mpesa_unavailable: { status: 503, description: 'M-Pesa could not be reached or is throttling; nothing was sent. Retry shortly.' },
  upstream_timeout: { status: 504, description: 'A service behind the gateway did not answer in time; the outcome is unknown until you query it.' },
} satisfies Record<string, Omit<ErrorSpec, 'code'>>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** What every route that calls a service behind the gateway may answer when that service is down. */
export const UPSTREAM_ERRORS: ErrorCode[] = ['upstream_error', 'upstream_unavailable', 'upstream_timeout'];

const REASONS: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  402: 'Payment required',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  422: 'Unprocessable entity',
  429: 'Too many requests',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

const ERROR_SPECS = 'lipa:openapi:error-specs';
const PUBLIC = 'lipa:openapi:public';

function toSpec(code: ErrorCode | ErrorSpec): ErrorSpec {
  return typeof code === 'string' ? { code, ...ERROR_CODES[code] } : code;
}

/**
 * The codes accumulate on the method, and its error responses are rebuilt from all of them each time,
 * so `@ApiAuth()` on the class and `@ApiErrors()` on the method end up in one 401 entry whatever the order.
 */
function addErrorSpecs(handler: object, specs: ErrorSpec[]): void {
  const all: ErrorSpec[] = [...(Reflect.getMetadata(ERROR_SPECS, handler) ?? [])];
  for (const spec of specs) if (!all.some((known) => known.code === spec.code)) all.push(spec);
  Reflect.defineMetadata(ERROR_SPECS, all, handler);

  const responses: Record<string, unknown> = { ...(Reflect.getMetadata(DECORATORS.API_RESPONSE, handler) ?? {}) };
  const statuses = [...new Set(all.map((spec) => spec.status))];
  for (const status of statuses) delete responses[status];
  Reflect.defineMetadata(DECORATORS.API_RESPONSE, responses, handler);

  for (const status of statuses) {
    const group = all.filter((spec) => spec.status === status).sort((a, b) => a.code.localeCompare(b.code));
    const descriptor = { value: handler };
    ApiResponse({
      status,
      type: ErrorResponse,
      description: `${REASONS[status] ?? 'Error'}; \`error_code\` is one of:\n\n${group.map((spec) => `- \`${spec.code}\`: ${spec.description}`).join('\n')}`,
      examples: Object.fromEntries(
        group.map((spec) => [
          spec.code,
          {
            summary: spec.description,
            value: { success: false, message: spec.message ?? spec.description, error_code: spec.code, request_id: 'req_7b0c5c3e-2f4a-4d7e-9a51-3c2b1e0f6a9d' },
          },
        ]),
      ),
    })({}, 'handler', descriptor);
  }
}

/**
 * Applies a per-handler decorator to one method, or to every route method of a class. Class
 * decorators run after the method ones, so `fromClass` lets a method's own choice win.
 */
function onHandlers(apply: (handler: object, fromClass: boolean) => void): ClassDecorator & MethodDecorator {
  return ((target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (descriptor) {
      apply(descriptor.value as object, false);
      return descriptor;
    }
    const prototype = (target as { prototype: Record<string, unknown> }).prototype;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[name];
      // Nest's @Get/@Post set 'path' metadata; constructors and private helpers have none.
      if (name !== 'constructor' && typeof handler === 'function' && Reflect.hasMetadata('path', handler)) apply(handler, true);
    }
    return target;
  }) as ClassDecorator & MethodDecorator;
}

/**
 * The error codes a route can answer with, documented under their HTTP status with the error body
 * `{success: false, message, error_code, request_id}` and one example per code.
 *
 * ```ts
 * @ApiErrors('validation_error', 'invalid_phone', ...UPSTREAM_ERRORS)
 * @ApiErrors({ code: 'subscription_required', status: 402, description: 'The plan has lapsed' })
 * ```
 */
export function ApiErrors(...codes: Array<ErrorCode | ErrorSpec>): ClassDecorator & MethodDecorator {
  const specs = codes.map(toSpec);
  return onHandlers((handler) => addErrorSpecs(handler, specs));
}

// ---------------------------------------------------------------------------------------------
// Authentication (apps/api-gateway/README.md "Authentication")

/** Names of the security schemes in `components.securitySchemes` (see openapi-document.ts). */
export const SECURITY_SCHEMES = {
  secretKey: 'secret_key',
  apiKey: 'api_key',
  apiSecret: 'api_secret',
  oauth2: 'oauth2',
  sessionCookie: 'session_cookie',
  sessionToken: 'session_token',
} as const;

/** The ways a caller can authenticate, as AuthContext['method'] names them. */
export type AuthMethod = 'secret_key' | 'api_key_pair' | 'oauth' | 'session';
export const AUTH_METHODS: AuthMethod[] = ['secret_key', 'api_key_pair', 'oauth', 'session'];

/** OpenAPI security requirements: the alternatives are ORed; the two headers of a key pair are ANDed. */
export function securityRequirements(methods: AuthMethod[] = AUTH_METHODS): Record<string, string[]>[] {
  return methods.flatMap((method): Record<string, string[]>[] => {
    switch (method) {
      case 'secret_key':
        return [{ [SECURITY_SCHEMES.secretKey]: [] }];
      case 'api_key_pair':
        return [{ [SECURITY_SCHEMES.apiKey]: [], [SECURITY_SCHEMES.apiSecret]: [] }];
      case 'oauth':
        return [{ [SECURITY_SCHEMES.oauth2]: [] }];
      case 'session':
        return [{ [SECURITY_SCHEMES.sessionCookie]: [] }, { [SECURITY_SCHEMES.sessionToken]: [] }];
    }
  });
}

/**
 * The route needs credentials: by default any of `Authorization: Bearer sk_…`, `X-API-Key` +
 * `X-API-Secret`, an OAuth client-credentials token from `POST /v1/oauth/token`, or the portal session
 * (`lipa_session` cookie or `Bearer sess_…`). Also documents what the guard answers before the route
 * runs: the 401 codes, `merchant_suspended`, `rate_limited` (and `session_required` for 'session').
 *
 * ```ts
 * @ApiAuth()            // any credential
 * @ApiAuth('session')   // portal session only, e.g. creating API keys
 * ```
 * Documentation only: MerchantAuthGuard (or whatever guard the route uses) does the checking.
 */
export function ApiAuth(...methods: AuthMethod[]): ClassDecorator & MethodDecorator {
  const chosen = methods.length > 0 ? methods : AUTH_METHODS;
  const sessionOnly = chosen.every((method) => method === 'session');
  // What MerchantAuthGuard answers before the route runs (auth/merchant-auth.guard.ts).
  const codes: ErrorCode[] = sessionOnly
    ? ['unauthorized', 'invalid_token', 'merchant_suspended', 'session_required', 'rate_limited']
    : ['unauthorized', 'invalid_api_key', 'invalid_token', 'merchant_suspended', 'rate_limited'];
  const security = securityRequirements(chosen);
  return onHandlers((handler, fromClass) => {
    // A method's own @ApiAuth('session') or @ApiPublic() wins over the class-wide @ApiAuth().
    if (fromClass && (Reflect.hasMetadata(DECORATORS.API_SECURITY, handler) || Reflect.hasMetadata(PUBLIC, handler))) return;
    Reflect.defineMetadata(DECORATORS.API_SECURITY, security, handler);
    addErrorSpecs(handler, codes.map(toSpec));
  });
}

/**
 * The route needs no credentials (`security: []`, overriding the document's default that every
 * route is authenticated). Documentation only: it does not switch any guard off.
 *
 * ```ts
 * @Get('banks')
 * @ApiPublic()
 * ```
 */
export function ApiPublic(): ClassDecorator & MethodDecorator {
  return onHandlers((handler, fromClass) => {
    if (fromClass && Reflect.hasMetadata(DECORATORS.API_SECURITY, handler)) return;
    Reflect.defineMetadata(PUBLIC, true, handler);
    const operation = Reflect.getMetadata(DECORATORS.API_OPERATION, handler) ?? {};
    Reflect.defineMetadata(DECORATORS.API_OPERATION, { ...operation, security: [] }, handler);
  });
}

/**
 * A POST that moves money (auth/access.ts MovesMoney()): the optional `Idempotency-Key` header, its
 * three error codes, and `subscription_inactive`.
 *
 * ```ts
 * @Post('payouts')
 * @MovesMoney()
 * @ApiMovesMoney()
 * ```
 */
export function ApiMovesMoney(): ClassDecorator & MethodDecorator {
  const header = ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Any unique string, such as a UUID. A retry with the same key and body gets the first answer again (with `Idempotent-Replayed: true`) and never moves money twice. Keys are per merchant.',
    schema: { type: 'string', minLength: 1, maxLength: 255, example: '6f1c2e9a-4b7d-4e3a-9c51-2d8b0f7a3e16' },
  });
  const specs = (['invalid_idempotency_key', 'idempotency_key_in_progress', 'idempotency_key_reused', 'subscription_inactive'] as const).map(toSpec);
  return onHandlers((handler) => {
    header({}, 'handler', { value: handler });
    addErrorSpecs(handler, specs);
  });
}

// ---------------------------------------------------------------------------------------------
// Success bodies (docs/design.md §5: `success` and `message` always; lists in `data` + `pagination`)

export class Pagination {
  @ApiProperty({ minimum: 1, example: 1 }) current_page: number;
  @ApiProperty({ minimum: 0, example: 10 }) per_page: number;
  @ApiProperty({ minimum: 0, example: 1 }) total_items: number;
  @ApiProperty({ minimum: 0, example: 1 }) total_pages: number;
}

/** Base of every success body; resource fields sit beside these at the top level. */
export class SuccessResponse {
  @ApiProperty({ enum: [true], example: true }) success: true;
  @ApiProperty({ example: 'OK' }) message: string;
}

/**
 * A 200 list response: `{success: true, message, data: Item[], pagination}`.
 *
 * ```ts
 * @ApiPage(BankView, { description: 'Every supported bank', message: 'Banks retrieved' })
 * ```
 */
export function ApiPage(item: Type<unknown>, options: { description?: string; message?: string } = {}): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(item, Pagination),
    ApiResponse({
      status: 200,
      description: options.description ?? 'One page of items.',
      schema: {
        type: 'object',
        required: ['success', 'message', 'data', 'pagination'],
        properties: {
          success: { type: 'boolean', enum: [true], example: true },
          message: { type: 'string', example: options.message ?? 'OK' },
          data: { type: 'array', items: { $ref: getSchemaPath(item) } },
          pagination: { $ref: getSchemaPath(Pagination) },
        },
      },
    }),
  );
}
