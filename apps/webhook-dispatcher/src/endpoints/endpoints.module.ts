import { Module } from '@nestjs/common';
import { EndpointRepository } from './endpoint.repository';
import { ManageEndpoints } from './manage-endpoints.use-case';
import { SigningSecretRepository } from './signing-secret.repository';
import { WebhookEndpointsConsumer } from './webhook-endpoints.consumer';

@Module({
  providers: [EndpointRepository, SigningSecretRepository, ManageEndpoints, WebhookEndpointsConsumer],
  exports: [EndpointRepository, SigningSecretRepository],
})
export class EndpointsModule {}
