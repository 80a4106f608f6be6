import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { RateLimits } from '../rate-limit/rate-limits';
import { ACCESS_RULE, type AccessRule } from './access';
import type { AuthContext, GatewayRequest } from './auth-context';
import { AdminOnly, SessionRequired, SubscriptionInactive } from './auth.errors';
import { Authenticator } from './authenticator';
import { SESSION_COOKIE } from './session-cookie';

function header(req: GatewayRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Reads one cookie without a cookie-parser dependency. */
export function readCookie(cookieHeader: string | undefined, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) {
      try {
        return decodeURIComponent(part.slice(at + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * Authenticates (Authenticator), applies the route's AccessRule, then counts the request against the
 * caller's rate limit: per credential, or per merchant for a portal session.
 */
@Injectable()
export class MerchantAuthGuard implements CanActivate {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly rateLimits: RateLimits,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<GatewayRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]) ?? {};
    // A class-level and a method-level guard both run: authenticate and count the request once.
    if (req.auth) return this.allowed(req.auth, rule);
    const auth = await this.authenticator.authenticate({
      authorization: header(req, 'authorization'),
      apiKey: header(req, 'x-api-key'),
      apiSecret: header(req, 'x-api-secret'),
      sessionCookie: readCookie(header(req, 'cookie'), SESSION_COOKIE),
      // Admin routes act on the platform, not in a mode.
      sessionMode: rule.admin ? undefined : header(req, 'x-lipa-mode'),
    });
    await this.rateLimits.consumeForCaller(auth.credentialId ?? `session:${auth.merchantId}`, auth.rateLimitPerMinute, res);
    req.auth = auth;
    return this.allowed(auth, rule);
  }

  private allowed(auth: AuthContext, rule: AccessRule): boolean {
    if (rule.session && auth.method !== 'session') throw new SessionRequired('This needs a portal session (log in); API keys cannot do it');
    if (rule.admin && auth.role !== 'admin') throw new AdminOnly('Admins only');
    if (rule.movesMoney && !auth.subscriptionActive) throw new SubscriptionInactive('Your subscription is not active; renew it to move money');
    return true;
  }
}
