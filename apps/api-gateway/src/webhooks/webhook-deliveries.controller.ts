import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RetryWebhookDeliveryV1, type WebhookDeliveryView } from '@lipa/contracts';
import { Authenticated } from '../auth/access';
import { type AuthContext, CurrentAuth, RequestId } from '../auth/auth-context';
import { ApiAuthenticated } from '../auth/auth.openapi';
import { ApiErrors, UPSTREAM_ERRORS } from '../http/openapi';
import { WebhookDeliveryRetriedResponse } from './webhooks.responses';
import { WebhooksUpstream, deliveryIdParam } from './webhooks.upstream';

/** One delivery (to an endpoint or to a push's callback_url) of the credential's mode. */
@Controller('v1/webhook-deliveries')
@Authenticated()
@ApiTags('Webhooks')
@ApiErrors(...UPSTREAM_ERRORS)
@ApiAuthenticated()
export class WebhookDeliveriesController {
  constructor(private readonly webhooks: WebhooksUpstream) {}

  @Post(':id/retry')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send a delivery again',
    description:
      'Sends it again at once, whatever its status: the same body and `webhook-id` (so your receiver can de-duplicate), with a fresh retry schedule. Its endpoint must be enabled.',
  })
  @ApiParam({ name: 'id', description: 'The delivery’s id, from the delivery log.', example: 'wd_9c41d7a2b05e3f68e1a4c2b7' })
  @ApiAcceptedResponse({ type: WebhookDeliveryRetriedResponse, description: 'Queued; the delivery as it now stands (`pending`).' })
  @ApiErrors('webhook_delivery_not_found', 'webhook_endpoint_disabled')
  async retry(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @RequestId() requestId: string) {
    const command: RetryWebhookDeliveryV1 = { merchant_id: auth.merchantId, mode: auth.mode, delivery_id: deliveryIdParam(id) };
    const delivery = await this.webhooks.call<WebhookDeliveryView>(RetryWebhookDeliveryV1.command, command, auth, requestId);
    return { success: true, message: 'Webhook delivery queued again', ...delivery };
  }
}
