import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RateLimits } from './rate-limits';

/**
 * Counts a sign-up or log-in attempt against the client IP's limit before the body is validated, so a
 * flood of malformed requests is limited too.
 */
@Injectable()
export class AuthAttemptGuard implements CanActivate {
  constructor(private readonly rateLimits: RateLimits) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    await this.rateLimits.consumeAuthAttempt(req.ip ?? req.socket.remoteAddress ?? 'unknown', context.switchToHttp().getResponse<Response>());
    return true;
  }
}
