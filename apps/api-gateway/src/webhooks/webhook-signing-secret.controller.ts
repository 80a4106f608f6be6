import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetWebhookSigningSecretV1, RotateWebhookSigningSecretV1, type WebhookSigningSecretView } from '@lipa/contracts';
import { Authenticated } from '../auth/access';
import { type AuthContext, CurrentAuth, RequestId } from '../auth/auth-context';
import { ApiAuthenticated } from '../auth/auth.openapi';
import { ApiErrors, UPSTREAM_ERRORS } from '../http/openapi';
import { WebhookSigningSecretResponse } from './webhooks.responses';
import { WebhooksUpstream } from './webhooks.upstream';

/**
 * The merchant's signing secret of the credential's mode: it signs the deliveries to the
 * `callback_url` given with a push (and later a payout), which have no endpoint of their own.
 */
@Controller('v1/webhook-signing-secret')
@Authenticated()
@ApiTags('Webhooks')
@ApiErrors(...UPSTREAM_ERRORS)
@ApiAuthenticated()
export class WebhookSigningSecretController {
  constructor(private readonly webhooks: WebhooksUpstream) {}

  @Get()
  @ApiOperation({
    summary: 'Get the callback signing secret',
    description:
      'The `whsec_` secret that signs (Standard Webhooks) every delivery to a `callback_url` given with `POST /v1/stk-push`, for the credential’s mode. Made on first use; the same until rotated.',
  })
  @ApiOkResponse({ type: WebhookSigningSecretResponse })
  async get(@CurrentAuth() auth: AuthContext, @RequestId() requestId: string) {
    const command: GetWebhookSigningSecretV1 = { merchant_id: auth.merchantId, mode: auth.mode };
    const secret = await this.webhooks.call<WebhookSigningSecretView>(GetWebhookSigningSecretV1.command, command, auth, requestId);
    return { success: true, message: 'Webhook signing secret retrieved', ...secret };
  }

  @Post('rotate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Rotate the callback signing secret',
    description:
      'A new secret for the credential’s mode. Until `previous_secret_expires_at` (24 hours by default) callback deliveries carry a signature with each secret, so receivers switch without losing an event.',
  })
  @ApiOkResponse({ type: WebhookSigningSecretResponse })
  async rotate(@CurrentAuth() auth: AuthContext, @RequestId() requestId: string) {
    const command: RotateWebhookSigningSecretV1 = { merchant_id: auth.merchantId, mode: auth.mode };
    const secret = await this.webhooks.call<WebhookSigningSecretView>(RotateWebhookSigningSecretV1.command, command, auth, requestId);
    return { success: true, message: 'Webhook signing secret rotated', ...secret };
  }
}
