import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { ApiMode } from '@lipa/contracts';
import type { Request } from 'express';
import type { MerchantRole } from '../merchants/merchant';

export type AuthMethod = 'secret_key' | 'api_key_pair' | 'oauth' | 'session';

/** Who is calling, as established by MerchantAuthGuard from one indexed read of credential + merchant. */
export interface AuthContext {
  merchantId: string;
  method: AuthMethod;
  /** The API credential used; absent for a portal session. */
  credentialId?: string;
  /** test or live: the credential's own mode; a portal session picks one with `X-Lipa-Mode` (default test). */
  mode: ApiMode;
  role: MerchantRole;
  liveApproved: boolean;
  subscriptionActive: boolean;
  /** The merchant's own limit per minute, when an admin set one. */
  rateLimitPerMinute: number | null;
}

/** What a caller may list: a portal session sees both modes (it manages the account), a key only its own. */
export function visibleMode(auth: AuthContext): ApiMode | null {
  return auth.method === 'session' ? null : auth.mode;
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

/** The caller's address as the socket saw it (`trust proxy` decides whether X-Forwarded-For counts). */
export const ClientIp = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const req = ctx.switchToHttp().getRequest<GatewayRequest>();
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
});
