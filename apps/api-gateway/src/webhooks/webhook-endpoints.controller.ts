import { Body, Controller, Delete, Get, Param, Post, UseGuards } from '@nestjs/common';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';
import {
  CreateWebhookEndpointV1,
  DeleteWebhookEndpointV1,
  ListWebhookDeliveriesV1,
  ListWebhookEndpointsV1,
  WEBHOOK_DISPATCHER,
  WEBHOOK_EVENT_TYPES,
  type WebhookDeliveryView,
  type WebhookEndpointCreated,
  type WebhookEndpointView,
  type WebhookEventType,
} from '@lipa/contracts';
import { type AuthContext, CurrentAuth, RequestId } from '../auth/auth-context';
import { MerchantAuthGuard } from '../auth/merchant-auth.guard';
import { singlePage } from '../http/responses';
import { UpstreamClient } from '../upstream/upstream.client';

export class CreateWebhookEndpointDto {
  @IsString() @MaxLength(2048) @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }) url: string;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  events?: WebhookEventType[];
  @IsOptional() @IsString() @MaxLength(255) description?: string;
}

/** Webhook endpoints live in webhook-dispatcher; the gateway authenticates and scopes by merchant. */
@Controller('v1/webhook-endpoints')
@UseGuards(MerchantAuthGuard)
export class WebhookEndpointsController {
  constructor(private readonly upstream: UpstreamClient) {}

  @Post()
  async create(@CurrentAuth() auth: AuthContext, @Body() body: CreateWebhookEndpointDto, @RequestId() requestId: string) {
    const command: CreateWebhookEndpointV1 = { merchant_id: auth.merchantId, url: body.url };
    if (body.events !== undefined) command.events = body.events;
    if (body.description !== undefined) command.description = body.description;
    const created = await this.call<WebhookEndpointCreated>(CreateWebhookEndpointV1.command, command, auth, requestId);
    return { success: true, message: 'Webhook endpoint created; store the secret now, it is not shown again', ...created };
  }

  @Get()
  async list(@CurrentAuth() auth: AuthContext, @RequestId() requestId: string) {
    const command: ListWebhookEndpointsV1 = { merchant_id: auth.merchantId };
    const endpoints = await this.call<WebhookEndpointView[]>(ListWebhookEndpointsV1.command, command, auth, requestId);
    return { success: true, message: 'Webhook endpoints retrieved', ...singlePage(endpoints ?? []) };
  }

  @Delete(':id')
  async remove(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @RequestId() requestId: string) {
    const command: DeleteWebhookEndpointV1 = { merchant_id: auth.merchantId, endpoint_id: id };
    await this.call<unknown>(DeleteWebhookEndpointV1.command, command, auth, requestId);
    return { success: true, message: 'Webhook endpoint deleted', id };
  }

  @Get(':id/deliveries')
  async deliveries(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @RequestId() requestId: string) {
    const command: ListWebhookDeliveriesV1 = { merchant_id: auth.merchantId, endpoint_id: id };
    const deliveries = await this.call<WebhookDeliveryView[]>(ListWebhookDeliveriesV1.command, command, auth, requestId);
    return { success: true, message: 'Webhook deliveries retrieved', ...singlePage(deliveries ?? []) };
  }

  private call<R>(command: string, payload: unknown, auth: AuthContext, requestId: string): Promise<R> {
    return this.upstream.request<R>(WEBHOOK_DISPATCHER, command, payload, { correlationId: requestId, merchantId: auth.merchantId });
  }
}
