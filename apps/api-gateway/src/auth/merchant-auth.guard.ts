import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { GatewayRequest } from './auth-context';
import { AuthService, SESSION_COOKIE } from './auth.service';

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

/** Any of: Bearer sk_…, X-API-Key + X-API-Secret, Bearer OAuth token, session (cookie or Bearer). */
@Injectable()
export class MerchantAuthGuard implements CanActivate {
  constructor(private readonly auth: AuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<GatewayRequest>();
    req.auth = await this.auth.authenticate({
      authorization: header(req, 'authorization'),
      apiKey: header(req, 'x-api-key'),
      apiSecret: header(req, 'x-api-secret'),
      sessionCookie: readCookie(header(req, 'cookie'), SESSION_COOKIE),
    });
    return true;
  }
}
