import { ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const WEBHOOK_DISPATCHER = 'webhook-dispatcher';

/** Events a merchant can subscribe an endpoint to (docs/design.md §6). */
export const WEBHOOK_EVENT_TYPES = ['payment.completed', 'payment.failed', 'payout.completed', 'payout.failed', 'c2b.received', 'balance.result'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** api-gateway → webhook-dispatcher (RPC). The reply carries the `whsec_` secret, shown once. */
export class CreateWebhookEndpointV1 {
  static readonly command = 'webhook.endpoint.create';
  @IsString() merchant_id: string;
  @IsString() @MaxLength(2048) url: string;
  /** Empty or absent: every event. */
  @IsOptional() @IsArray() @ArrayUnique() @IsIn(WEBHOOK_EVENT_TYPES, { each: true }) events?: WebhookEventType[];
  @IsOptional() @IsString() @MaxLength(255) description?: string;
}

export interface WebhookEndpointView {
  id: string;
  url: string;
  events: WebhookEventType[];
  description: string | null;
  status: 'enabled' | 'disabled';
  created_at: string;
}

export interface WebhookEndpointCreated extends WebhookEndpointView {
  secret: string;
}

/** One page of a list, newest first, with the true total (the gateway turns it into `pagination`). */
export interface WebhookListPage<T> {
  data: T[];
  total: number;
}

export class ListWebhookEndpointsV1 {
  static readonly command = 'webhook.endpoint.list';
  @IsString() merchant_id: string;
  /** From 1; default 1. */
  @IsOptional() @IsInt() @Min(1) @Max(1_000_000) page?: number;
  /** At most 100; default 100. */
  @IsOptional() @IsInt() @Min(1) @Max(100) limit?: number;
}

export class DeleteWebhookEndpointV1 {
  static readonly command = 'webhook.endpoint.delete';
  @IsString() merchant_id: string;
  @IsString() endpoint_id: string;
}

export class ListWebhookDeliveriesV1 {
  static readonly command = 'webhook.delivery.list';
  @IsString() merchant_id: string;
  @IsString() endpoint_id: string;
  @IsOptional() @IsInt() @Min(1) @Max(1_000_000) page?: number;
  @IsOptional() @IsInt() @Min(1) @Max(100) limit?: number;
}

export interface WebhookDeliveryView {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  delivered_at: string | null;
  created_at: string;
}
