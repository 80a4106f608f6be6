import { ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { API_MODES, type ApiMode } from '../common';
import { SUBSCRIBABLE_WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../webhooks/webhook-events';

export const WEBHOOK_DISPATCHER = 'webhook-dispatcher';

/**
 * api-gateway → webhook-dispatcher, all RPC. Every command is scoped by `merchant_id` and `mode`
 * (the credential's mode): an endpoint or delivery of another merchant or of the other mode answers
 * `webhook_endpoint_not_found` / `webhook_delivery_not_found` (404), as if it did not exist.
 */
class MerchantScoped {
  @IsString() merchant_id: string;
  @IsIn(API_MODES) mode: ApiMode;
}

class EndpointScoped extends MerchantScoped {
  @IsString() @MaxLength(64) endpoint_id: string;
}

/**
 * The reply carries the `whsec_` secret, shown once. A URL that is not absolute http(s), or not https
 * for a live endpoint → `invalid_webhook_url` 400; past WEBHOOK_MAX_ENDPOINTS_PER_MERCHANT →
 * `webhook_endpoint_limit_reached` 422.
 */
export class CreateWebhookEndpointV1 extends MerchantScoped {
  static readonly command = 'webhook.endpoint.create';
  @IsString() @MaxLength(2048) url: string;
  /** Empty or absent: every event. */
  @IsOptional() @IsArray() @ArrayUnique() @IsIn(SUBSCRIBABLE_WEBHOOK_EVENT_TYPES, { each: true }) events?: WebhookEventType[];
  @IsOptional() @IsString() @MaxLength(255) description?: string;
}

export interface WebhookEndpointView {
  id: string;
  mode: ApiMode;
  url: string;
  /** Empty: every event. */
  events: WebhookEventType[];
  description: string | null;
  /** `disabled` by the merchant, by a 410, or after failing every attempt for WEBHOOK_DISABLE_AFTER_MS. */
  status: 'enabled' | 'disabled';
  /** `merchant`, `gone` (410) or `failing`; null while enabled. */
  disabled_reason: 'merchant' | 'gone' | 'failing' | null;
  disabled_at: string | null;
  /** Since when every attempt has failed; null after a success. */
  failing_since: string | null;
  /** Until then the previous secret signs too (a rotation's overlap); null when there is none. */
  previous_secret_expires_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookEndpointCreated extends WebhookEndpointView {
  secret: string;
}

/** One page of a list, newest first, with the true total (the gateway turns it into `pagination`). */
export interface WebhookListPage<T> {
  data: T[];
  total: number;
}

class Paged {
  /** From 1; default 1. */
  @IsOptional() @IsInt() @Min(1) @Max(1_000_000) page?: number;
  /** At most 100; default 100. */
  @IsOptional() @IsInt() @Min(1) @Max(100) limit?: number;
}

export class ListWebhookEndpointsV1 extends Paged {
  static readonly command = 'webhook.endpoint.list';
  @IsString() merchant_id: string;
  @IsIn(API_MODES) mode: ApiMode;
}

export class GetWebhookEndpointV1 extends EndpointScoped {
  static readonly command = 'webhook.endpoint.get';
}

/** Any subset; `enabled: true` re-enables a disabled endpoint (its failure clock starts again). */
export class UpdateWebhookEndpointV1 extends EndpointScoped {
  static readonly command = 'webhook.endpoint.update';
  @IsOptional() @IsString() @MaxLength(2048) url?: string;
  @IsOptional() @IsArray() @ArrayUnique() @IsIn(SUBSCRIBABLE_WEBHOOK_EVENT_TYPES, { each: true }) events?: WebhookEventType[];
  @IsOptional() @IsBoolean() enabled?: boolean;
  /** null clears it. */
  @IsOptional() @IsString() @MaxLength(255) description?: string | null;
}

/** Deleted endpoints get no new deliveries; pending ones end as `failed` (`endpoint_deleted`). */
export class DeleteWebhookEndpointV1 extends EndpointScoped {
  static readonly command = 'webhook.endpoint.delete';
}

/** A new `whsec_` secret (shown once); the old one keeps signing beside it for WEBHOOK_SECRET_OVERLAP_MS. */
export class RotateWebhookSecretV1 extends EndpointScoped {
  static readonly command = 'webhook.endpoint.rotate_secret';
}

export interface WebhookSecretRotated {
  id: string;
  secret: string;
  previous_secret_expires_at: string;
}

/** Sends a `webhook.test` event to this endpoint (whatever its filter), through the normal delivery path. */
export class TestWebhookEndpointV1 extends EndpointScoped {
  static readonly command = 'webhook.endpoint.test';
}

export interface WebhookTestSent {
  delivery_id: string;
  event_id: string;
}

/**
 * The merchant's signing secret for one mode: it signs the deliveries to the `callback_url` given
 * with a push or payout (those have no endpoint of their own). Created on first use; `rotate`
 * replaces it with the same overlap as an endpoint's.
 */
export class GetWebhookSigningSecretV1 extends MerchantScoped {
  static readonly command = 'webhook.signing_secret.get';
}

export class RotateWebhookSigningSecretV1 extends MerchantScoped {
  static readonly command = 'webhook.signing_secret.rotate';
}

export interface WebhookSigningSecretView {
  mode: ApiMode;
  secret: string;
  previous_secret_expires_at: string | null;
  created_at: string;
}

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

export class ListWebhookDeliveriesV1 extends Paged {
  static readonly command = 'webhook.delivery.list';
  @IsString() merchant_id: string;
  @IsIn(API_MODES) mode: ApiMode;
  @IsString() @MaxLength(64) endpoint_id: string;
  @IsOptional() @IsIn(WEBHOOK_DELIVERY_STATUSES) status?: WebhookDeliveryStatus;
  @IsOptional() @IsString() @MaxLength(64) event_type?: string;
  /** Created at or after (ISO 8601). */
  @IsOptional() @IsISO8601() from?: string;
  /** Created at or before (ISO 8601). */
  @IsOptional() @IsISO8601() to?: string;
}

export interface WebhookAttemptView {
  attempt: number;
  /** When the attempt started. */
  attempted_at: string;
  /** null when no answer came (timeout, connection error, refused destination). */
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  /** The first 2 KB of the receiver's answer. */
  response_excerpt: string | null;
}

export interface WebhookDeliveryView {
  id: string;
  /** null for a delivery to a push's or payout's own callback_url. */
  endpoint_id: string | null;
  /** Set for a delivery to a push's or payout's own callback_url. */
  callback_url: string | null;
  mode: ApiMode;
  event_id: string;
  event_type: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  delivered_at: string | null;
  created_at: string;
  /** Every attempt, oldest first. */
  attempt_log: WebhookAttemptView[];
}

/** Sends it again at once, whatever its status (a new attempt; the body and webhook-id are unchanged). */
export class RetryWebhookDeliveryV1 extends MerchantScoped {
  static readonly command = 'webhook.delivery.retry';
  @IsString() @MaxLength(64) delivery_id: string;
}

/** Sends again every delivery of the endpoint that ended `failed` since `since`. A disabled endpoint is refused (re-enable it first). */
export class RecoverWebhookEndpointV1 extends EndpointScoped {
  static readonly command = 'webhook.endpoint.recover';
  @IsISO8601() since: string;
}

export interface WebhookRecoveryStarted {
  endpoint_id: string;
  /** How many failed deliveries are being sent again. */
  resent: number;
}

/** Where a delivery goes: one of the merchant's endpoints, or a push's or payout's own callback_url. */
export const WEBHOOK_DELIVERY_DESTINATIONS = ['endpoint', 'callback_url'] as const;
export type WebhookDeliveryDestination = (typeof WEBHOOK_DELIVERY_DESTINATIONS)[number];

/**
 * Every delivery of the merchant in the mode, to its endpoints and to callback URLs alike: newest
 * first, a page at a time with the true total. Filters combine (AND); an endpoint_id that is not
 * the merchant's endpoint of that mode simply matches nothing.
 */
export class ListMerchantWebhookDeliveriesV1 extends MerchantScoped {
  static readonly command = 'webhook.delivery.list_all';
  /** From 1; default 1. */
  @IsOptional() @IsInt() @Min(1) @Max(1_000_000) page?: number;
  /** At most 100; default 100. */
  @IsOptional() @IsInt() @Min(1) @Max(100) limit?: number;
  @IsOptional() @IsIn(WEBHOOK_DELIVERY_STATUSES) status?: WebhookDeliveryStatus;
  @IsOptional() @IsString() @MaxLength(64) event_type?: string;
  /** Created at or after (ISO 8601). */
  @IsOptional() @IsISO8601() from?: string;
  /** Created at or before (ISO 8601). */
  @IsOptional() @IsISO8601() to?: string;
  /** Only the deliveries to this endpoint. */
  @IsOptional() @IsString() @MaxLength(64) endpoint_id?: string;
  /** Only the deliveries to endpoints, or only those to callback URLs. */
  @IsOptional() @IsIn(WEBHOOK_DELIVERY_DESTINATIONS) destination?: WebhookDeliveryDestination;
}

/** One delivery with its attempt log; another merchant's or mode's → `webhook_delivery_not_found` 404. */
export class GetWebhookDeliveryV1 extends MerchantScoped {
  static readonly command = 'webhook.delivery.get';
  @IsString() @MaxLength(64) delivery_id: string;
}
