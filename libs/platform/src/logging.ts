import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import pino, { Logger as PinoLogger } from 'pino';
import type { ServiceConfig } from './config';

/** Never written to logs, wherever they appear in a request, a body or an error. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-secret"]',
  'req.headers.cookie',
  '*.password',
  '*.api_secret',
  '*.secret',
  '*.security_credential',
  '*.SecurityCredential',
  '*.Password',
  '*.access_token',
];

function pinoOptions(service: string, config: ServiceConfig): pino.LoggerOptions {
  return {
    name: service,
    level: config.LOG_LEVEL,
    base: { service },
    redact: { paths: REDACTED_PATHS, censor: '***' },
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

/** nestjs-pino settings: JSON lines, one correlation id per request taken from X-Request-Id or made up. */
export function loggerModuleParams(service: string, config: ServiceConfig): Params {
  return {
    pinoHttp: {
      ...pinoOptions(service, config),
      genReqId: (req: IncomingMessage, res) => (req as RequestWithId).id ?? assignRequestId(req, res),
      customProps: (req) => ({ correlation_id: (req as IncomingMessage & { id?: string }).id }),
      // Health probes every few seconds would drown the log.
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') || req.url === '/metrics' },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}

/** A plain pino logger for code that runs before or outside Nest (config errors, scripts). */
export function createLogger(service: string, config: ServiceConfig): PinoLogger {
  return pino(pinoOptions(service, config));
}
