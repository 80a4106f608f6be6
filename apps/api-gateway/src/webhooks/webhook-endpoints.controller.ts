import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  CreateWebhookEndpointV1,
  DeleteWebhookEndpointV1,
  GetWebhookEndpointV1,
  ListWebhookDeliveriesV1,
  ListWebhookEndpointsV1,
  RecoverWebhookEndpointV1,
  RotateWebhookSecretV1,
  TestWebhookEndpointV1,
  UpdateWebhookEndpointV1,
  type WebhookDeliveryView,
  type WebhookEndpointCreated,
  type WebhookEndpointView,
  type WebhookListPage,
  type WebhookRecoveryStarted,
  type WebhookSecretRotated,
  type WebhookTestSent,
} from '@lipa/contracts';
import { RequestValidationError } from '@lipa/platform';
import { Authenticated } from '../auth/access';
import { type AuthContext, CurrentAuth, RequestId } from '../auth/auth-context';
import { ApiAuthenticated, validationError } from '../auth/auth.openapi';
import { ApiErrors, ApiPage, UPSTREAM_ERRORS } from '../http/openapi';
import { PageQuery, page } from '../http/pagination';
import { WebhooksUpstream, endpointIdParam } from './webhooks.upstream';
import { CreateWebhookEndpointDto, RecoverWebhookEndpointDto, UpdateWebhookEndpointDto, WebhookDeliveriesQuery } from './webhooks.dto';
import {
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointCreatedResponse,
  WebhookEndpointDeletedResponse,
  WebhookEndpointResponse,
  WebhookRecoveryResponse,
  WebhookSecretRotatedResponse,
  WebhookTestSentResponse,
} from './webhooks.responses';

const ID_PARAM = ApiParam({ name: 'id', description: 'The endpoint’s id.', example: 'we_3f9a01bc6d2e4a7f8b1c0d9e' });

/**
 * Webhook endpoints live in webhook-dispatcher; the gateway authenticates, validates and passes the
 * merchant and the credential's mode (a portal session's X-Lipa-Mode): an endpoint of another
 * merchant or of the other mode is 404 `webhook_endpoint_not_found`, as if it did not exist.
 */
@Controller('v1/webhook-endpoints')
@Authenticated()
@ApiTags('Webhooks')
@ApiErrors(...UPSTREAM_ERRORS)
@ApiAuthenticated()
export class WebhookEndpointsController {
  constructor(private readonly webhooks: WebhooksUpstream) {}

  @Post()
  @ApiOperation({
    summary: 'Add a webhook endpoint',
    description:
      'The endpoint belongs to the credential’s mode and receives only that mode’s events; a live endpoint must be https. Events are signed per Standard Webhooks with the returned `whsec_` secret, which is shown only in this response.',
  })
  @ApiCreatedResponse({ type: WebhookEndpointCreatedResponse, description: 'Created; the only answer that holds the secret.' })
  @ApiErrors(
    validationError('events.0 must be one of the following values: payment.completed, …'),
    'invalid_json',
    'invalid_webhook_url',
    'webhook_endpoint_limit_reached',
  )
  async create(@CurrentAuth() auth: AuthContext, @Body() body: CreateWebhookEndpointDto, @RequestId() requestId: string) {
    const command: CreateWebhookEndpointV1 = { merchant_id: auth.merchantId, mode: auth.mode, url: body.url };
    if (body.events !== undefined) command.events = body.events;
    if (body.description !== undefined) command.description = body.description;
    const created = await this.webhooks.call<WebhookEndpointCreated>(CreateWebhookEndpointV1.command, command, auth, requestId);
    return { success: true, message: 'Webhook endpoint created; store the secret now, it is not shown again', ...created };
  }

  @Get()
  @ApiOperation({ summary: 'List webhook endpoints', description: 'The endpoints of the credential’s mode, newest first.' })
  @ApiPage(WebhookEndpoint, { description: 'One page of the merchant’s endpoints of this mode, newest first.', message: 'Webhook endpoints retrieved' })
  @ApiErrors(validationError('limit must not be greater than 100'))
  async list(@CurrentAuth() auth: AuthContext, @RequestId() requestId: string, @Query() q: PageQuery) {
    const command: ListWebhookEndpointsV1 = { merchant_id: auth.merchantId, mode: auth.mode, page: q.page, limit: q.limit };
    const endpoints = await this.webhooks.call<WebhookListPage<WebhookEndpointView>>(ListWebhookEndpointsV1.command, command, auth, requestId);
    return { success: true, message: 'Webhook endpoints retrieved', ...page(endpoints.data, endpoints.total, q) };
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Get a webhook endpoint',
    description: 'Its settings and state (why and when it was disabled, since when it is failing); never the secret.',
  })
  @ID_PARAM
  @ApiOkResponse({ type: WebhookEndpointResponse })
  @ApiErrors('webhook_endpoint_not_found')
  async get(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @RequestId() requestId: string) {
    const command: GetWebhookEndpointV1 = { merchant_id: auth.merchantId, mode: auth.mode, endpoint_id: endpointIdParam(id) };
    const endpoint = await this.webhooks.call<WebhookEndpointView>(GetWebhookEndpointV1.command, command, auth, requestId);
    return { success: true, message: 'Webhook endpoint retrieved', ...endpoint };
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a webhook endpoint',
    description:
      'Any of `url`, `events`, `enabled` and `description`. `enabled: false` stops its deliveries; `enabled: true` re-enables an endpoint that was disabled (by you, by a 410, or after failing for too long).',
  })
  @ID_PARAM
  @ApiBody({
    type: UpdateWebhookEndpointDto,
    examples: {
      reenable: { summary: 'Re-enable a disabled endpoint', value: { enabled: true } },
      change: { summary: 'Move it and narrow its events', value: { url: 'https://shop.example.co.ke/webhooks/lipa-v2', events: ['payment.completed'] } },
    },
  })
  @ApiOkResponse({ type: WebhookEndpointResponse })
  @ApiErrors(validationError('Send at least one of url, events, enabled, description'), 'invalid_json', 'invalid_webhook_url', 'webhook_endpoint_not_found')
  async update(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @Body() body: UpdateWebhookEndpointDto, @RequestId() requestId: string) {
    const command: UpdateWebhookEndpointV1 = { merchant_id: auth.merchantId, mode: auth.mode, endpoint_id: endpointIdParam(id) };
    if (body.url !== undefined) command.url = body.url;
    if (body.events !== undefined) command.events = body.events;
    if (body.enabled !== undefined) command.enabled = body.enabled;
    if (body.description !== undefined) command.description = body.description;
    if (Object.keys(command).length === 3) {
      const problem = 'Send at least one of url, events, enabled, description';
      throw new RequestValidationError(problem, { errors: [{ field: 'body', problem }] });
    }
    const endpoint = await this.webhooks.call<WebhookEndpointView>(UpdateWebhookEndpointV1.command, command, auth, requestId);
    return { success: true, message: 'Webhook endpoint updated', ...endpoint };
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a webhook endpoint', description: 'No further deliveries are attempted to it; pending ones end as `failed`.' })
  @ID_PARAM
  @ApiOkResponse({ type: WebhookEndpointDeletedResponse })
  @ApiErrors('webhook_endpoint_not_found')
  async remove(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @RequestId() requestId: string) {
    const command: DeleteWebhookEndpointV1 = { merchant_id: auth.merchantId, mode: auth.mode, endpoint_id: endpointIdParam(id) };
    await this.webhooks.call<unknown>(DeleteWebhookEndpointV1.command, command, auth, requestId);
    return { success: true, message: 'Webhook endpoint deleted', id: command.endpoint_id, deleted: true };
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Rotate an endpoint’s signing secret',
    description:
      'A new `whsec_` secret, shown only in this response. Until `previous_secret_expires_at` (24 hours by default) every delivery is signed with both secrets (two space-separated `v1,` signatures), so your receiver can switch without losing an event.',
  })
  @ID_PARAM
  @ApiOkResponse({ type: WebhookSecretRotatedResponse, description: 'Rotated; the only answer that holds the new secret.' })
  @ApiErrors('webhook_endpoint_not_found')
  async rotateSecret(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @RequestId() requestId: string) {
    const command: RotateWebhookSecretV1 = { merchant_id: auth.merchantId, mode: auth.mode, endpoint_id: endpointIdParam(id) };
    const rotated = await this.webhooks.call<WebhookSecretRotated>(RotateWebhookSecretV1.command, command, auth, requestId);
    return { success: true, message: 'Signing secret rotated; store the new secret now, it is not shown again', ...rotated };
  }

  @Post(':id/test')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send a test event',
    description: 'Sends a `webhook.test` event to this endpoint (whatever its `events`), signed and retried like any other; follow it in the delivery log.',
  })
  @ID_PARAM
  @ApiAcceptedResponse({ type: WebhookTestSentResponse })
  @ApiErrors('webhook_endpoint_not_found', 'webhook_endpoint_disabled')
  async sendTest(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @RequestId() requestId: string) {
    const command: TestWebhookEndpointV1 = { merchant_id: auth.merchantId, mode: auth.mode, endpoint_id: endpointIdParam(id) };
    const sent = await this.webhooks.call<WebhookTestSent>(TestWebhookEndpointV1.command, command, auth, requestId);
    return { success: true, message: 'Test event queued', ...sent };
  }

  @Get(':id/deliveries')
  @ApiOperation({
    summary: "List an endpoint's deliveries",
    description: 'Each event sent to the endpoint, newest first, with every attempt (time, status code, latency, error, the first 2 KB of the answer).',
  })
  @ID_PARAM
  @ApiPage(WebhookDelivery, { description: 'One page of the endpoint’s delivery log, newest first.', message: 'Webhook deliveries retrieved' })
  @ApiErrors(validationError('status must be one of pending, delivered, failed'), 'webhook_endpoint_not_found')
  async deliveries(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @RequestId() requestId: string, @Query() q: WebhookDeliveriesQuery) {
    const command: ListWebhookDeliveriesV1 = { merchant_id: auth.merchantId, mode: auth.mode, endpoint_id: endpointIdParam(id), page: q.page, limit: q.limit };
    if (q.status !== undefined) command.status = q.status;
    if (q.event_type !== undefined) command.event_type = q.event_type;
    if (q.from !== undefined) command.from = q.from;
    if (q.to !== undefined) command.to = q.to;
    const deliveries = await this.webhooks.call<WebhookListPage<WebhookDeliveryView>>(ListWebhookDeliveriesV1.command, command, auth, requestId);
    return { success: true, message: 'Webhook deliveries retrieved', ...page(deliveries.data, deliveries.total, q) };
  }

  @Post(':id/recover')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Re-send failed deliveries',
    description:
      'Sends again, at once, every delivery of this endpoint created since `since` that ended `failed` (same body and `webhook-id`; each with a fresh retry schedule). A disabled endpoint must be re-enabled first.',
  })
  @ID_PARAM
  @ApiAcceptedResponse({ type: WebhookRecoveryResponse })
  @ApiErrors(validationError('since must be an ISO 8601 date or date-time'), 'invalid_json', 'webhook_endpoint_not_found', 'webhook_endpoint_disabled')
  async recover(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @Body() body: RecoverWebhookEndpointDto, @RequestId() requestId: string) {
    const command: RecoverWebhookEndpointV1 = { merchant_id: auth.merchantId, mode: auth.mode, endpoint_id: endpointIdParam(id), since: body.since };
    const started = await this.webhooks.call<WebhookRecoveryStarted>(RecoverWebhookEndpointV1.command, command, auth, requestId);
    return { success: true, message: `${started.resent} failed deliveries are being sent again`, ...started };
  }
}
