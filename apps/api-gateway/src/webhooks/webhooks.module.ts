import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { UpstreamModule } from '../upstream/upstream.module';
import { WebhookDeliveriesController } from './webhook-deliveries.controller';
import { WebhookEndpointsController } from './webhook-endpoints.controller';
import { WebhookSigningSecretController } from './webhook-signing-secret.controller';
import { WebhooksUpstream } from './webhooks.upstream';

@Module({
  imports: [AuthModule, UpstreamModule],
  controllers: [WebhookEndpointsController, WebhookDeliveriesController, WebhookSigningSecretController],
  providers: [WebhooksUpstream],
})
export class WebhooksModule {}
