import { ForbiddenError, LipaError, UnauthorizedError } from '@lipa/platform';

export const invalidApiKey = () => new UnauthorizedError('invalid_api_key', 'Invalid or revoked API key');
export const invalidToken = () => new UnauthorizedError('invalid_token', 'Invalid or expired access token');
export const invalidCredentials = () => new UnauthorizedError('invalid_credentials', 'Invalid username/email or password');
export const invalidClient = () => new UnauthorizedError('invalid_client', 'Invalid client_id or client_secret');

export class MerchantSuspended extends LipaError {
  readonly code = 'merchant_suspended';
  readonly status = 403;
}

export class SessionRequired extends LipaError {
  readonly code = 'session_required';
  readonly status = 403;
}

export class LiveNotApproved extends LipaError {
  readonly code = 'live_not_approved';
  readonly status = 403;
}

export class AdminOnly extends ForbiddenError {}

export class SubscriptionInactive extends LipaError {
  readonly code = 'subscription_inactive';
  readonly status = 402;
}
