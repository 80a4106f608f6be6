import { Body, Controller, Delete, Get, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';
import { IfPresent } from '../http/validators';
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
  type WebhookListPage,
} from '@lipa/contracts';
import { type AuthContext, CurrentAuth, RequestId } from '../auth/auth-context';
import { MerchantAuthGuard } from '../auth/merchant-auth.guard';
import { ApiAuth, ApiErrors, ApiPage, UPSTREAM_ERRORS } from '../http/openapi';
import { PageQuery, page } from '../http/pagination';
import { UpstreamClient } from '../upstream/upstream.client';
import { WebhookDelivery, WebhookEndpoint, WebhookEndpointCreatedResponse, WebhookEndpointDeletedResponse } from './webhooks.responses';

export class CreateWebhookEndpointDto {
  @ApiProperty({
    maxLength: 2048,
    description: 'http(s) URL that receives the events; private and loopback addresses are refused.',
    example: 'https://shop.example.co.ke/webhooks/lipa',
  })
  @IsString()
  @MaxLength(2048)
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  url: string;
  @ApiPropertyOptional({
    enum: WEBHOOK_EVENT_TYPES,
    isArray: true,
    uniqueItems: true,
    description: 'Absent or empty: every event.',
    example: ['payment.completed', 'payment.failed'],
  })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  events?: WebhookEventType[];
  @ApiPropertyOptional({ maxLength: 255, example: 'Shop order updates' }) @IsOptional() @IsString() @MaxLength(255) description?: string;
}

/** Webhook endpoints live in webhook-dispatcher; the gateway authenticates and scopes by merchant. */
@Controller('v1/webhook-endpoints')
@UseGuards(MerchantAuthGuard)
@ApiTags('Webhooks')
@ApiAuth()
@ApiErrors(...UPSTREAM_ERRORS)
export class WebhookEndpointsController {
  constructor(private readonly upstream: UpstreamClient) {}

  @Post()
  @ApiOperation({
    summary: 'Add a webhook endpoint',
    description: 'Events are signed per Standard Webhooks with the returned `whsec_` secret, which is shown only in this response.',
  })
  @ApiCreatedResponse({ type: WebhookEndpointCreatedResponse })
  @ApiErrors('validation_error', 'invalid_json', 'invalid_webhook_url')
  async create(@CurrentAuth() auth: AuthContext, @Body() body: CreateWebhookEndpointDto, @RequestId() requestId: string) {
    const command: CreateWebhookEndpointV1 = { merchant_id: auth.merchantId, url: body.url };
    if (body.events !== undefined) command.events = body.events;
    if (body.description !== undefined) command.description = body.description;
    const created = await this.call<WebhookEndpointCreated>(CreateWebhookEndpointV1.command, command, auth, requestId);
    return { success: true, message: 'Webhook endpoint created; store the secret now, it is not shown again', ...created };
  }

  @Get()
  @ApiOperation({ summary: 'List webhook endpoints' })
  @ApiPage(WebhookEndpoint, { description: 'One page of the merchant’s endpoints, newest first.', message: 'Webhook endpoints retrieved' })
  async list(@CurrentAuth() auth: AuthContext, @RequestId() requestId: string, @Query() q: PageQuery) {
    const command: ListWebhookEndpointsV1 = { merchant_id: auth.merchantId, page: q.page, limit: q.limit };
    const endpoints = await this.call<WebhookListPage<WebhookEndpointView>>(ListWebhookEndpointsV1.command, command, auth, requestId);
    return { success: true, message: 'Webhook endpoints retrieved', ...page(endpoints.data, endpoints.total, q) };
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a webhook endpoint', description: 'No further deliveries are attempted to it.' })
  @ApiParam({ name: 'id', example: 'we_3f9a01bc6d2e4a7f8b1c0d9e' })
  @ApiOkResponse({ type: WebhookEndpointDeletedResponse })
  @ApiErrors('webhook_endpoint_not_found')
  async remove(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @RequestId() requestId: string) {
    const command: DeleteWebhookEndpointV1 = { merchant_id: auth.merchantId, endpoint_id: id };
    await this.call<unknown>(DeleteWebhookEndpointV1.command, command, auth, requestId);
    return { success: true, message: 'Webhook endpoint deleted', id };
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: "List an endpoint's deliveries", description: 'Each event sent to the endpoint, with its attempts and last outcome.' })
  @ApiParam({ name: 'id', example: 'we_3f9a01bc6d2e4a7f8b1c0d9e' })
  @ApiPage(WebhookDelivery, { description: 'One page of the endpoint’s delivery log, newest first.', message: 'Webhook deliveries retrieved' })
  @ApiErrors('webhook_endpoint_not_found')
  async deliveries(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @RequestId() requestId: string, @Query() q: PageQuery) {
    const command: ListWebhookDeliveriesV1 = { merchant_id: auth.merchantId, endpoint_id: id, page: q.page, limit: q.limit };
    const deliveries = await this.call<WebhookListPage<WebhookDeliveryView>>(ListWebhookDeliveriesV1.command, command, auth, requestId);
    return { success: true, message: 'Webhook deliveries retrieved', ...page(deliveries.data, deliveries.total, q) };
  }

  private call<R>(command: string, payload: unknown, auth: AuthContext, requestId: string): Promise<R> {
    return this.upstream.request<R>(WEBHOOK_DISPATCHER, command, payload, { correlationId: requestId, merchantId: auth.merchantId });
  }
}
