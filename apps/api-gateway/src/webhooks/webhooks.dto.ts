import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import {
  SUBSCRIBABLE_WEBHOOK_EVENT_TYPES,
  WEBHOOK_DELIVERY_DESTINATIONS,
  WEBHOOK_DELIVERY_STATUSES,
  WEBHOOK_EVENT_TYPES,
  type WebhookDeliveryDestination,
  type WebhookDeliveryStatus,
  type WebhookEventType,
} from '@lipa/contracts';
import { PageQuery } from '../http/pagination';
import { IfPresent } from '../http/validators';

const URL_DESCRIPTION =
  'Absolute http(s) URL that receives the events; https for a live endpoint. A host that resolves to a private, loopback or other internal address gets no deliveries. Checked by webhook-dispatcher (`invalid_webhook_url`).';
const EVENTS_DESCRIPTION = 'The event types to receive; empty or absent: every event. `webhook.test` always reaches the endpoint tested.';
const ISO_8601 = { strict: true, strictSeparator: true } as const;

/** `POST /v1/webhook-endpoints`. The endpoint belongs to the credential's mode. */
export class CreateWebhookEndpointDto {
  @ApiProperty({ maxLength: 2048, description: URL_DESCRIPTION, example: 'https://shop.example.co.ke/webhooks/lipa' })
  @IsString()
  @MaxLength(2048)
  url: string;
  @ApiPropertyOptional({
    enum: SUBSCRIBABLE_WEBHOOK_EVENT_TYPES,
    isArray: true,
    uniqueItems: true,
    description: EVENTS_DESCRIPTION,
    example: ['payment.completed', 'payment.failed'],
  })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(SUBSCRIBABLE_WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(SUBSCRIBABLE_WEBHOOK_EVENT_TYPES, { each: true })
  events?: WebhookEventType[];
  @ApiPropertyOptional({ maxLength: 255, example: 'Shop order updates' }) @IfPresent() @IsString() @MaxLength(255) description?: string;
}

/** `PATCH /v1/webhook-endpoints/{id}`: any subset; at least one field. */
export class UpdateWebhookEndpointDto {
  @ApiPropertyOptional({ maxLength: 2048, description: URL_DESCRIPTION, example: 'https://shop.example.co.ke/webhooks/lipa-v2' })
  @IfPresent()
  @IsString()
  @MaxLength(2048)
  url?: string;
  @ApiPropertyOptional({
    enum: SUBSCRIBABLE_WEBHOOK_EVENT_TYPES,
    isArray: true,
    uniqueItems: true,
    description: `${EVENTS_DESCRIPTION} Replaces the whole list; \`[]\` subscribes to every event.`,
    example: ['payment.completed'],
  })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(SUBSCRIBABLE_WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(SUBSCRIBABLE_WEBHOOK_EVENT_TYPES, { each: true })
  events?: WebhookEventType[];
  @ApiPropertyOptional({
    description:
      '`false` stops deliveries (`disabled_reason: merchant`); `true` re-enables an endpoint however it was disabled and starts its failure clock again.',
    example: true,
  })
  @IfPresent()
  @IsBoolean()
  enabled?: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 255, description: '`null` clears it.', example: 'Shop order updates' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  description?: string | null;
}

/** `GET /v1/webhook-endpoints/{id}/deliveries`: a page and the filters of ListWebhookDeliveriesV1. */
export class WebhookDeliveriesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: WEBHOOK_DELIVERY_STATUSES, example: 'failed' })
  @IsOptional()
  @IsIn(WEBHOOK_DELIVERY_STATUSES, { message: `status must be one of ${WEBHOOK_DELIVERY_STATUSES.join(', ')}` })
  status?: WebhookDeliveryStatus;
  @ApiPropertyOptional({ enum: WEBHOOK_EVENT_TYPES, example: 'payment.completed' })
  @IsOptional()
  @IsIn(WEBHOOK_EVENT_TYPES, { message: `event_type must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}` })
  event_type?: WebhookEventType;
  @ApiPropertyOptional({ format: 'date-time', description: 'Created at or after (ISO 8601).', example: '2026-11-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601(ISO_8601, { message: 'from must be an ISO 8601 date or date-time' })
  from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Created at or before (ISO 8601).', example: '2026-11-30T23:59:59Z' })
  @IsOptional()
  @IsISO8601(ISO_8601, { message: 'to must be an ISO 8601 date or date-time' })
  to?: string;
}

/** `POST /v1/webhook-endpoints/{id}/recover`. */
export class RecoverWebhookEndpointDto {
  @ApiProperty({
    format: 'date-time',
    description: 'Send again every delivery created since then (ISO 8601) that ended `failed`.',
    example: '2026-11-24T00:00:00Z',
  })
  @IsString()
  @IsISO8601(ISO_8601, { message: 'since must be an ISO 8601 date or date-time' })
  since: string;
}

/** `GET /v1/webhook-deliveries`: the endpoint log's filters, plus one endpoint or one kind of destination. */
export class MerchantWebhookDeliveriesQuery extends WebhookDeliveriesQuery {
  @ApiPropertyOptional({
    description: 'Only the deliveries to this endpoint (one of yours in this mode; any other id matches nothing).',
    example: 'we_3f9a01bc6d2e4a7f8b1c0d9e',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_]{1,64}$/, { message: 'endpoint_id must be a webhook endpoint id such as we_3f9a01bc6d2e4a7f8b1c0d9e' })
  endpoint_id?: string;
  @ApiPropertyOptional({
    enum: WEBHOOK_DELIVERY_DESTINATIONS,
    description: '`endpoint`: only the deliveries to your webhook endpoints; `callback_url`: only those to the `callback_url` given with a push.',
    example: 'callback_url',
  })
  @IsOptional()
  @IsIn(WEBHOOK_DELIVERY_DESTINATIONS, { message: `destination must be one of ${WEBHOOK_DELIVERY_DESTINATIONS.join(', ')}` })
  destination?: WebhookDeliveryDestination;
}
