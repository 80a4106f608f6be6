import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import pino, { Logger as PinoLogger } from 'pino';
import type { ServiceConfig } from './config';

/**
 * Never written to logs, wherever they appear in a request, a body or an error: pino's redaction for
 * the fixed places (request and response headers), and sanitizeLogValue for any depth.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-secret"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.api_secret',
  '*.secret',
  '*.security_credential',
  '*.SecurityCredential',
  '*.Password',
  '*.access_token',
];

/**
 * Keys whose values are secrets or hash secrets, compared without case, `_` or `-` (so `Password`,
 * `x-api-secret` and `SecurityCredential` match). The API key id (`x-api-key`, `ak_…`) is not
 * secret: it names the key in the merchant's own log and ours.
 */
const SENSITIVE_KEYS = new Set(
  [
    'authorization',
    'x-api-secret',
    'cookie',
    'set-cookie',
    'password',
    'password_hash',
    'api_secret',
    'secret',
    'secret_hash',
    'client_secret',
    'token',
    'token_hash',
    'access_token',
    'refresh_token',
    'consumer_secret',
    'passkey',
    'initiator_password',
    'security_credential',
  ].map(normalizeKey),
);

/**
 * Error fields that carry the values a query was run with. TypeORM's QueryFailedError has the whole
 * `parameters` array (a new merchant's argon2 hash among them); a Postgres error's `detail` repeats a
 * conflicting row's key values ("Key (email)=(…) already exists").
 */
const ERROR_VALUE_KEYS = new Set(['parameters', 'detail']);

const CENSOR = '***';
const MAX_LOG_DEPTH = 8;

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Secrets recognisable by their form, wherever they sit in a string (a message, a stack, a URL). */
const SECRET_FORMS: [RegExp, string][] = [
  // An argon2 PHC string: $argon2id$v=19$m=…,t=…,p=…$salt$hash.
  [/\$argon2(?:id|i|d)\$[A-Za-z0-9+/=$,.-]*/g, '$argon2…' + CENSOR],
  // API secrets, session and OAuth tokens (apps/api-gateway/src/auth/secrets.ts), webhook signing secrets.
  [/\b(sk_(?:test|live)_|sess_|oat_|whsec_)[A-Za-z0-9_\-+/=]{8,}/g, '$1' + CENSOR],
  // The MAC of a Daraja callback URL's token (callback-token.ts); the id before it stays for tracing.
  [/(\/callbacks\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+\.)[A-Za-z0-9_-]{32}/g, '$1' + CENSOR],
];

export function scrubSecrets(text: string): string {
  let scrubbed = text;
  for (const [form, replacement] of SECRET_FORMS) scrubbed = scrubbed.replace(form, replacement);
  return scrubbed;
}

/** An Error, or what pino's serializer made of one (pino-http runs it before ours). */
function isErrorLike(value: object): boolean {
  return value instanceof Error || (typeof (value as Error).message === 'string' && typeof (value as Error).stack === 'string');
}

function sanitizeObject(value: object, depth: number, seen: WeakSet<object>, isError: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const child = (value as Record<string, unknown>)[key];
    if (child === undefined) continue;
    if (SENSITIVE_KEYS.has(normalizeKey(key))) out[key] = CENSOR;
    else if (isError && ERROR_VALUE_KEYS.has(key)) out[key] = '[not logged]';
    else out[key] = sanitize(child, depth + 1, seen);
  }
  return out;
}

function sanitize(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return scrubSecrets(value);
  if (value === null || typeof value !== 'object') return value;
  // pino-http's req/res, Buffers, Dates and the like are left to their own serializers.
  if (ArrayBuffer.isView(value) || value instanceof Date || value instanceof IncomingMessage || value instanceof ServerResponse) return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_LOG_DEPTH) return '[…]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => sanitize(item, depth + 1, seen));
  // pino's own serializer first (type, message and stack with causes, nested errors), then ours on what it kept.
  if (value instanceof Error) return sanitizeObject(pino.stdSerializers.err(value), depth, seen, true);
  return sanitizeObject(value, depth, seen, isErrorLike(value));
}

/**
 * A log line's fields with secrets censored at any depth, query parameters dropped from errors, and
 * secret-shaped strings scrubbed. Runs on every line (pino `formatters.log` and the `err`
 * serializer), so an error logged under any key, or nested in another object, is covered too.
 */
export function sanitizeLogValue<T>(value: T): T {
  return sanitize(value, 0, new WeakSet()) as T;
}

/** pino `err` serializer: an error with its stack and causes, never the values of a failed query. */
export function serializeLoggedError(error: unknown): unknown {
  return sanitizeLogValue(error);
}

function pinoOptions(service: string, config: ServiceConfig): pino.LoggerOptions {
  return {
    name: service,
    level: config.LOG_LEVEL,
    base: { service },
    redact: { paths: REDACTED_PATHS, censor: CENSOR },
    serializers: { err: serializeLoggedError },
    // `err` is left to its serializer, which pino-http runs after pino's own (it needs the Error itself).
    formatters: {
      log: (object) => {
        const { err, ...rest } = object;
        return err === undefined ? sanitizeLogValue(rest) : { ...sanitizeLogValue(rest), err };
      },
    },
    timestamp: pino.stdTimeFunctions.isoTime,
    transport: config.LOG_PRETTY ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' } } : undefined,
  };
}

type RequestWithId = IncomingMessage & { id?: string };

/**
 * The correlation id of a request: the caller's X-Request-Id when it is sane, else a new one; echoed back.
 * Used as Express middleware (the first one) and by pino-http.
 */
export function assignRequestId(req: IncomingMessage, res: ServerResponse, next?: () => void): string {
  const request = req as RequestWithId;
  if (!request.id) {
    const given = req.headers['x-request-id'];
    request.id = typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : `req_${randomUUID()}`;
    res.setHeader('X-Request-Id', request.id);
  }
  next?.();
  return request.id;
}

/**
 * nestjs-pino settings: JSON lines, one correlation id per request taken from X-Request-Id or made up.
 * `destination` replaces stdout (tests read what would have been logged).
 */
export function loggerModuleParams(service: string, config: ServiceConfig, destination?: pino.DestinationStream): Params {
  const options: Params['pinoHttp'] = {
    ...pinoOptions(service, config),
    genReqId: (req: IncomingMessage, res) => (req as RequestWithId).id ?? assignRequestId(req, res),
    customProps: (req) => ({ correlation_id: (req as IncomingMessage & { id?: string }).id }),
    // Health probes every few seconds would drown the log.
    autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') || req.url === '/metrics' },
    serializers: {
      err: serializeLoggedError,
      // The URL is scrubbed: a callback URL carries its token, and a caller may put a secret in a query.
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: scrubSecrets(req.url ?? '') }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
  return { pinoHttp: destination ? [options, destination] : options };
}

/** A plain pino logger for code that runs before or outside Nest (config errors, scripts). */
export function createLogger(service: string, config: ServiceConfig, destination?: pino.DestinationStream): PinoLogger {
  return destination ? pino(pinoOptions(service, config), destination) : pino(pinoOptions(service, config));
}
