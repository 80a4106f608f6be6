import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { ApiMode } from '@lipa/contracts';
import type { Request } from 'express';

/** Who is calling, as established by MerchantAuthGuard. */
export interface AuthContext {
  merchantId: string;
  method: 'secret_key' | 'api_key_pair' | 'oauth' | 'session';
  /** The API credential used; absent for a portal session. */
  credentialId?: string;
  /** test or live from the credential. A portal session acts in test mode. */
  mode: ApiMode;
}

export type GatewayRequest = Request & { id?: string; auth?: AuthContext };

export const CurrentAuth = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthContext => {
  const auth = ctx.switchToHttp().getRequest<GatewayRequest>().auth;
  if (!auth) throw new Error('CurrentAuth used on a route without MerchantAuthGuard');
  return auth;
});

/** The correlation id of the request (pino-http's id, from X-Request-Id or made up). */
export const RequestId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const req = ctx.switchToHttp().getRequest<GatewayRequest>();
  return String(req.id ?? req.headers['x-request-id'] ?? '');
});
