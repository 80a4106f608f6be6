import { ApiProperty } from '@nestjs/swagger';
import { WEBHOOK_EVENT_TYPES } from '@lipa/contracts';
import { SuccessResponse } from '../http/openapi';

/** Webhook bodies for the API reference; the routes pass webhook-dispatcher's views through. */
export class WebhookEndpoint {
  @ApiProperty({ example: 'we_3f9a01bc6d2e4a7f8b1c0d9e' }) id: string;
  @ApiProperty({ example: 'https://shop.example.co.ke/webhooks/lipa' }) url: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, description: 'Empty: every event.', example: ['payment.completed', 'payment.failed'] })
  events: string[];
  @ApiProperty({ type: String, nullable: true, example: 'Shop order updates' }) description: string | null;
  @ApiProperty({ enum: ['enabled', 'disabled'], description: 'Disabled after failing for long enough, or after a 410.', example: 'enabled' })
  status: 'enabled' | 'disabled';
  @ApiProperty({ format: 'date-time', example: '2026-11-24T09:30:00.000Z' }) created_at: string;
}

export class WebhookEndpointCreatedResponse extends SuccessResponse {
  @ApiProperty({ example: 'we_3f9a01bc6d2e4a7f8b1c0d9e' }) id: string;
  @ApiProperty({ example: 'https://shop.example.co.ke/webhooks/lipa' }) url: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, example: ['payment.completed', 'payment.failed'] }) events: string[];
  @ApiProperty({ type: String, nullable: true, example: 'Shop order updates' }) description: string | null;
  @ApiProperty({ enum: ['enabled', 'disabled'], example: 'enabled' }) status: 'enabled' | 'disabled';
  @ApiProperty({ format: 'date-time', example: '2026-11-24T09:30:00.000Z' }) created_at: string;
  @ApiProperty({
    description: 'The Standard Webhooks signing secret. Shown only here: store it now.',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  })
  secret: string;
}

export class WebhookEndpointDeletedResponse extends SuccessResponse {
  @ApiProperty({ example: 'we_3f9a01bc6d2e4a7f8b1c0d9e' }) id: string;
}

export class WebhookDelivery {
  @ApiProperty({ example: 'wd_9c41d7a2b05e3f68e1a4c2b7' }) id: string;
  @ApiProperty({ example: 'we_3f9a01bc6d2e4a7f8b1c0d9e' }) endpoint_id: string;
  @ApiProperty({ description: 'The `webhook-id` header: the same for every attempt of one event.', example: '6f1c2e9a-4b7d-4e3a-9c51-2d8b0f7a3e16' })
  event_id: string;
  @ApiProperty({ example: 'payment.completed' }) event_type: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'], example: 'delivered' }) status: 'pending' | 'delivered' | 'failed';
  @ApiProperty({ minimum: 0, example: 1 }) attempts: number;
  @ApiProperty({ type: Number, nullable: true, description: "The receiver's HTTP status on the last attempt.", example: 200 }) last_status_code: number | null;
  @ApiProperty({ type: String, nullable: true, example: null }) last_error: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) next_attempt_at: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-11-24T09:31:02.120Z' }) delivered_at: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-11-24T09:31:01.870Z' }) created_at: string;
}
