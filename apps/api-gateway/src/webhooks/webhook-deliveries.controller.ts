import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { GetWebhookDeliveryV1, ListMerchantWebhookDeliveriesV1, RetryWebhookDeliveryV1, type WebhookDeliveryView, type WebhookListPage } from '@lipa/contracts';
import { Authenticated } from '../auth/access';
import { type AuthContext, CurrentAuth, RequestId } from '../auth/auth-context';
import { ApiAuthenticated, validationError } from '../auth/auth.openapi';
import { ApiErrors, ApiPage, UPSTREAM_ERRORS } from '../http/openapi';
import { page } from '../http/pagination';
import { MerchantWebhookDeliveriesQuery } from './webhooks.dto';
import { WebhookDelivery, WebhookDeliveryResponse, WebhookDeliveryRetriedResponse } from './webhooks.responses';
import { WebhooksUpstream, deliveryIdParam } from './webhooks.upstream';

const ID_PARAM = ApiParam({ name: 'id', description: 'The delivery’s id, from the delivery log.', example: 'wd_9c41d7a2b05e3f68e1a4c2b7' });

/**
 * The merchant's deliveries (to its endpoints and to a push's own callback_url) of the credential's
 * mode: another merchant's or the other mode's delivery is 404 `webhook_delivery_not_found`.
 */
@Controller('v1/webhook-deliveries')
@Authenticated()
@ApiTags('Webhooks')
@ApiErrors(...UPSTREAM_ERRORS)
@ApiAuthenticated()
export class WebhookDeliveriesController {
  constructor(private readonly webhooks: WebhooksUpstream) {}

  @Get()
  @ApiOperation({
    summary: 'List webhook deliveries',
    description:
      'Every delivery of the credential’s mode, newest first: to your webhook endpoints and to the `callback_url` given with a push (`endpoint_id` null, `callback_url` set). Each with every attempt (time, status code, latency, error, the first 2 KB of the answer). Narrow it with `destination`, `endpoint_id`, `status`, `event_type`, `from` and `to`; retry one with its id.',
  })
  @ApiPage(WebhookDelivery, { description: 'One page of the merchant’s deliveries of this mode, newest first.', message: 'Webhook deliveries retrieved' })
  @ApiErrors(validationError('destination must be one of endpoint, callback_url'))
  async list(@CurrentAuth() auth: AuthContext, @RequestId() requestId: string, @Query() q: MerchantWebhookDeliveriesQuery) {
    const command: ListMerchantWebhookDeliveriesV1 = { merchant_id: auth.merchantId, mode: auth.mode, page: q.page, limit: q.limit };
    if (q.status !== undefined) command.status = q.status;
    if (q.event_type !== undefined) command.event_type = q.event_type;
    if (q.from !== undefined) command.from = q.from;
    if (q.to !== undefined) command.to = q.to;
    if (q.endpoint_id !== undefined) command.endpoint_id = q.endpoint_id;
    if (q.destination !== undefined) command.destination = q.destination;
    const deliveries = await this.webhooks.call<WebhookListPage<WebhookDeliveryView>>(ListMerchantWebhookDeliveriesV1.command, command, auth, requestId);
    return { success: true, message: 'Webhook deliveries retrieved', ...page(deliveries.data, deliveries.total, q) };
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Get a webhook delivery',
    description: 'One delivery (to an endpoint or to a push’s `callback_url`) with every attempt, oldest first.',
  })
  @ID_PARAM
  @ApiOkResponse({ type: WebhookDeliveryResponse })
  @ApiErrors('webhook_delivery_not_found')
  async get(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @RequestId() requestId: string) {
    const command: GetWebhookDeliveryV1 = { merchant_id: auth.merchantId, mode: auth.mode, delivery_id: deliveryIdParam(id) };
    const delivery = await this.webhooks.call<WebhookDeliveryView>(GetWebhookDeliveryV1.command, command, auth, requestId);
    return { success: true, message: 'Webhook delivery retrieved', ...delivery };
  }

  @Post(':id/retry')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send a delivery again',
    description:
      'Sends it again at once, whatever its status: the same body and `webhook-id` (so your receiver can de-duplicate), with a fresh retry schedule. Its endpoint must be enabled.',
  })
  @ID_PARAM
  @ApiAcceptedResponse({ type: WebhookDeliveryRetriedResponse, description: 'Queued; the delivery as it now stands (`pending`).' })
  @ApiErrors('webhook_delivery_not_found', 'webhook_endpoint_disabled')
  async retry(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @RequestId() requestId: string) {
    const command: RetryWebhookDeliveryV1 = { merchant_id: auth.merchantId, mode: auth.mode, delivery_id: deliveryIdParam(id) };
    const delivery = await this.webhooks.call<WebhookDeliveryView>(RetryWebhookDeliveryV1.command, command, auth, requestId);
    return { success: true, message: 'Webhook delivery queued again', ...delivery };
  }
}
