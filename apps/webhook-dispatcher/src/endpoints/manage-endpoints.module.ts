import { Module } from '@nestjs/common';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { EndpointsModule } from './endpoints.module';
import { GetSigningSecret } from './get-signing-secret.use-case';
import { ManageEndpoints } from './manage-endpoints.use-case';
import { RotateSecrets } from './rotate-secrets.use-case';
import { TestWebhookEndpoint } from './test-webhook-endpoint.use-case';
import { WebhookEndpointsConsumer } from './webhook-endpoints.consumer';

/**
 * The merchant's side: the endpoint and signing-secret RPCs. Apart from EndpointsModule (storage)
 * because a test event goes through the delivery engine, which itself reads endpoints.
 */
@Module({
  imports: [EndpointsModule, DeliveriesModule],
  providers: [ManageEndpoints, RotateSecrets, GetSigningSecret, TestWebhookEndpoint, WebhookEndpointsConsumer],
})
export class ManageEndpointsModule {}
