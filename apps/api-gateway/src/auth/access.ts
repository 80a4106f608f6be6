import { SetMetadata, UseGuards, UseInterceptors, applyDecorators } from '@nestjs/common';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { MerchantAuthGuard } from './merchant-auth.guard';

/** What a route demands of its caller beyond being authenticated; read by MerchantAuthGuard. */
export interface AccessRule {
  /** Only a portal session (never an API key or OAuth token): creating and revoking API keys. */
  session?: boolean;
  /** Only users with the admin role, by portal session. */
  admin?: boolean;
  /** Moves money: needs an active subscription (402 subscription_inactive otherwise). */
  movesMoney?: boolean;
}

export const ACCESS_RULE = 'lipa:gateway:access-rule';

/** Any merchant credential: Bearer sk_…, X-API-Key + X-API-Secret, OAuth token, or a portal session. */
export const Authenticated = (): ClassDecorator & MethodDecorator => UseGuards(MerchantAuthGuard);

/** A portal session only. */
export const SessionOnly = (): MethodDecorator & ClassDecorator => applyDecorators(SetMetadata(ACCESS_RULE, { session: true }), UseGuards(MerchantAuthGuard));

/** Admins, by portal session. */
export const AdminOnly = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(ACCESS_RULE, { session: true, admin: true }), UseGuards(MerchantAuthGuard));

/**
 * A POST that moves money: an active subscription, and the one Idempotency-Key mechanism
 * (IdempotencyInterceptor) for every such route.
 */
export const MovesMoney = (): MethodDecorator =>
  applyDecorators(SetMetadata(ACCESS_RULE, { movesMoney: true }), UseGuards(MerchantAuthGuard), UseInterceptors(IdempotencyInterceptor));
