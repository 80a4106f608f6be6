import { CallHandler, ExecutionContext, Injectable, NestInterceptor, createParamDecorator } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { Observable, catchError, from, mergeMap, of, throwError } from 'rxjs';
import { DataSource } from 'typeorm';
import { CodedError, ConflictError, LipaError, RequestValidationError } from '@lipa/platform';
import type { GatewayRequest } from '../auth/auth-context';
import { ApiGatewayConfig } from '../config';
import { IdempotencyRepository } from './idempotency.repository';
import { requestHash } from './request-hash';

export class IdempotencyKeyReused extends LipaError {
  readonly code = 'idempotency_key_reused';
  readonly status = 422;
}

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** The request's Idempotency-Key, checked; undefined when none was sent. */
export function idempotencyKeyOf(req: GatewayRequest): string | undefined {
  const raw = req.headers['idempotency-key'];
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (key === undefined) return undefined;
  if (!KEY_PATTERN.test(key)) throw new CodedError('invalid_idempotency_key', 400, 'Idempotency-Key must be 1-255 visible ASCII characters');
  return key;
}

/** The key for the command sent below the gateway, which de-duplicates by it too. */
export const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext): string | undefined =>
  idempotencyKeyOf(ctx.switchToHttp().getRequest<GatewayRequest>()),
);

interface StoredError {
  error: { error_code: string; message: string; errors?: unknown };
}

/** A stored refusal raised again as it first was, so outer interceptors (ValidationCodes) treat it the same. */
function replayedError(stored: StoredError['error'], status: number): LipaError {
  if (stored.error_code === 'validation_error') return new RequestValidationError(stored.message, { errors: stored.errors });
  return new CodedError(stored.error_code, status, stored.message);
}

/** 4xx answers are final: the same request gets the same answer. Anything else may have happened below. */
function isDefinitive(error: unknown): error is LipaError {
  return error instanceof LipaError && error.status < 500;
}

/**
 * The one Idempotency-Key mechanism (applied by @MovesMoney()). The key is bound to the merchant,
 * the method and path, the mode and the raw body:
 * - the same key with a different request is 422 `idempotency_key_reused`, whatever happened to the first;
 * - while the first runs, 409 `idempotency_key_in_progress`;
 * - a finished request (success or a 4xx) is answered again as it was, with `Idempotent-Replayed: true`;
 * - a request whose outcome is unknown (timeout, 5xx, broker gone) keeps its key: a retry of the same
 *   request runs again, and the service beneath, given the same key, never starts a second payment.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly dataSource: DataSource,
    private readonly records: IdempotencyRepository,
    private readonly config: ApiGatewayConfig,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<GatewayRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const key = idempotencyKeyOf(req);
    if (key === undefined || !req.auth) return next.handle();
    const merchantId = req.auth.merchantId;
    const hash = requestHash(req.method, req.path, { mode: req.auth.mode, body: req.body ?? null });
    const successStatus = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? (req.method === 'POST' ? 201 : 200);
    const db = this.dataSource.manager;

    return from(this.begin(merchantId, key, hash)).pipe(
      mergeMap((replay) => {
        if (replay) {
          res.setHeader('Idempotent-Replayed', 'true');
          const stored = replay.body as Partial<StoredError> | null;
          if (stored?.error) return throwError(() => replayedError(stored.error as StoredError['error'], replay.status));
          return of(replay.body);
        }
        return next.handle().pipe(
          mergeMap((body: unknown) => from(this.records.complete(db, merchantId, key, successStatus, body)).pipe(mergeMap(() => of(body)))),
          catchError((error: unknown) => {
            const save = isDefinitive(error)
              ? this.records.complete(db, merchantId, key, error.status, {
                  error: { error_code: error.code, message: error.message, errors: error.details?.errors },
                } satisfies StoredError)
              : this.records.markUnknown(db, merchantId, key);
            // The caller gets the original error even if recording it failed (the key then stays in_progress, then stale).
            return from(save.catch(() => undefined)).pipe(mergeMap(() => throwError(() => error)));
          }),
        );
      }),
    );
  }

  /** Null when this request runs; otherwise the stored outcome to answer with. */
  private async begin(merchantId: string, key: string, hash: string): Promise<{ status: number; body: unknown } | null> {
    const db = this.dataSource.manager;
    // Bounded: a row can only change between our statements if its owner finished or abandoned it.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      if (await this.records.claim(db, merchantId, key, hash)) return null;
      if (await this.records.takeOver(db, merchantId, key, hash, this.config.IDEMPOTENCY_STALE_MS)) return null;
      const row = await this.records.find(db, merchantId, key);
      if (!row) continue;
      if (row.request_hash !== hash) throw new IdempotencyKeyReused('This Idempotency-Key was already used with a different request');
      if (row.status === 'completed') return { status: row.response_status ?? 200, body: row.response_body };
      if (row.status === 'in_progress') break;
    }
    throw new ConflictError('idempotency_key_in_progress', 'A request with this Idempotency-Key is still being processed');
  }
}
