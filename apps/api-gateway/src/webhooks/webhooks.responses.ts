import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { SUBSCRIBABLE_WEBHOOK_EVENT_TYPES, WEBHOOK_DELIVERY_STATUSES } from '@lipa/contracts';
import { SuccessResponse } from '../http/openapi';

/** Webhook bodies for the API reference; the routes pass webhook-dispatcher's views through (libs/contracts webhook.commands.ts). */

const ENDPOINT_ID = 'we_3f9a01bc6d2e4a7f8b1c0d9e';
const DELIVERY_ID = 'wd_9c41d7a2b05e3f68e1a4c2b7';
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

export class WebhookEndpoint {
  @ApiProperty({ example: ENDPOINT_ID }) id: string;
  @ApiProperty({ enum: ['test', 'live'], description: 'The mode of the credential that created it; it receives only that mode’s events.', example: 'live' })
  mode: 'test' | 'live';
  @ApiProperty({ example: 'https://shop.example.co.ke/webhooks/lipa' }) url: string;
  @ApiProperty({ enum: SUBSCRIBABLE_WEBHOOK_EVENT_TYPES, isArray: true, description: 'Empty: every event.', example: ['payment.completed', 'payment.failed'] })
  events: string[];
  @ApiProperty({ type: String, nullable: true, example: 'Shop order updates' }) description: string | null;
  @ApiProperty({ enum: ['enabled', 'disabled'], example: 'enabled' }) status: 'enabled' | 'disabled';
  @ApiProperty({
    type: String,
    enum: ['merchant', 'gone', 'failing'],
    nullable: true,
    description:
      'Why it is disabled: by you (`merchant`), the receiver answered 410 (`gone`), or every attempt failed for too long (`failing`). null while enabled.',
    example: null,
  })
  disabled_reason: 'merchant' | 'gone' | 'failing' | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) disabled_at: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Since when every attempt has failed; null after a success.', example: null })
  failing_since: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'After a secret rotation: until then the previous secret signs too (a second `v1,` signature). null when there is none.',
    example: null,
  })
  previous_secret_expires_at: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-11-24T09:30:00.000Z' }) created_at: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-24T09:30:00.000Z' }) updated_at: string;
}

/** `{success, message}` and the endpoint's fields at the top level. */
export class WebhookEndpointResponse extends IntersectionType(SuccessResponse, WebhookEndpoint) {}

export class WebhookEndpointCreatedResponse extends WebhookEndpointResponse {
  @ApiProperty({ description: 'The Standard Webhooks signing secret. Shown only here (and after a rotation): store it now.', example: SECRET })
  secret: string;
}

export class WebhookEndpointDeletedResponse extends SuccessResponse {
  @ApiProperty({ example: ENDPOINT_ID }) id: string;
  @ApiProperty({ enum: [true], example: true }) deleted: true;
}

export class WebhookSecretRotatedResponse extends SuccessResponse {
  @ApiProperty({ example: ENDPOINT_ID }) id: string;
  @ApiProperty({ description: 'The new signing secret, shown only here.', example: SECRET }) secret: string;
  @ApiProperty({
    format: 'date-time',
    description: 'Until then deliveries carry a signature with the previous secret too.',
    example: '2026-11-25T09:30:00.000Z',
  })
  previous_secret_expires_at: string;
}

export class WebhookTestSentResponse extends SuccessResponse {
  @ApiProperty({ description: 'The delivery of the `webhook.test` event: follow it in the endpoint’s delivery log.', example: DELIVERY_ID })
  delivery_id: string;
  @ApiProperty({ description: 'The event id, sent as `webhook-id`.', example: 'evt_6f1c2e9a4b7d4e3a9c512d8b' }) event_id: string;
}

export class WebhookAttempt {
  @ApiProperty({ minimum: 1, example: 1 }) attempt: number;
  @ApiProperty({ format: 'date-time', example: '2026-11-24T09:31:01.870Z' }) attempted_at: string;
  @ApiProperty({ type: Number, nullable: true, description: 'null when no answer came (timeout, connection error, refused destination).', example: 200 })
  status_code: number | null;
  @ApiProperty({ minimum: 0, example: 182 }) duration_ms: number;
  @ApiProperty({ type: String, nullable: true, description: 'e.g. `timeout`, `connection_refused`, `destination_not_allowed`.', example: null })
  error: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The first 2 KB of the receiver’s answer.', example: 'ok' }) response_excerpt: string | null;
}

export class WebhookDelivery {
  @ApiProperty({ example: DELIVERY_ID }) id: string;
  @ApiProperty({ type: String, nullable: true, description: 'null for a delivery to a push’s own `callback_url`.', example: ENDPOINT_ID }) endpoint_id:
    string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Set for a delivery to a push’s own `callback_url`.', example: null }) callback_url: string | null;
  @ApiProperty({ enum: ['test', 'live'], example: 'live' }) mode: 'test' | 'live';
  @ApiProperty({ description: 'The `webhook-id` header: the same for every attempt and replay of one event.', example: 'evt_6f1c2e9a4b7d4e3a9c512d8b' })
  event_id: string;
  @ApiProperty({ example: 'payment.completed' }) event_type: string;
  @ApiProperty({ enum: WEBHOOK_DELIVERY_STATUSES, example: 'delivered' }) status: 'pending' | 'delivered' | 'failed';
  @ApiProperty({ minimum: 0, example: 1 }) attempts: number;
  @ApiProperty({ type: Number, nullable: true, description: "The receiver's HTTP status on the last attempt.", example: 200 }) last_status_code: number | null;
  @ApiProperty({ type: String, nullable: true, example: null }) last_error: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) next_attempt_at: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-11-24T09:31:02.120Z' }) delivered_at: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-11-24T09:31:01.870Z' }) created_at: string;
  @ApiProperty({ type: [WebhookAttempt], description: 'Every attempt, oldest first.' }) attempt_log: WebhookAttempt[];
}

/** The delivery as it now stands (`pending` again), at the top level. */
export class WebhookDeliveryRetriedResponse extends IntersectionType(SuccessResponse, WebhookDelivery) {}

export class WebhookRecoveryResponse extends SuccessResponse {
  @ApiProperty({ example: ENDPOINT_ID }) endpoint_id: string;
  @ApiProperty({ minimum: 0, description: 'How many failed deliveries are being sent again.', example: 3 }) resent: number;
}

export class WebhookSigningSecretResponse extends SuccessResponse {
  @ApiProperty({ enum: ['test', 'live'], example: 'live' }) mode: 'test' | 'live';
  @ApiProperty({
    description: 'Signs (Standard Webhooks) the deliveries to the `callback_url` you give with a push or payout, in this mode.',
    example: SECRET,
  })
  secret: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'After a rotation: until then the previous secret signs too.', example: null })
  previous_secret_expires_at: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-11-24T09:30:00.000Z' }) created_at: string;
}

/** One delivery with its attempt log, at the top level. */
export class WebhookDeliveryResponse extends IntersectionType(SuccessResponse, WebhookDelivery) {}
