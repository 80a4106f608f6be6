import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

export const NO_STORE = 'no-store';

/**
 * Every /v1 answer may carry a secret (an API secret, a session or OAuth token, a webhook signing
 * secret) or a merchant's own data, so none may be kept by a browser, a proxy or a CDN (RFC 9111
 * §5.2.2.5; Stripe answers its whole API this way). Set before routing, errors included; a route
 * that is public and cacheable says so with its own `@Header('Cache-Control', …)`, which Nest
 * applies after this (router-execution-context sets a route's headers once its guards pass), so the
 * route's own value wins, as GET /v1/banks does (banks.controller.ts).
 */
export function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', NO_STORE);
  next();
}

/** Imported once by api-gateway's GatewayModule (app.module.ts). */
@Module({})
export class NoStoreModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(noStore).forRoutes({ path: 'v1', method: RequestMethod.ALL }, { path: 'v1/*path', method: RequestMethod.ALL });
  }
}
