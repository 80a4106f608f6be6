import { Module } from '@nestjs/common';
import { EndpointRepository } from './endpoint.repository';
import { ManageEndpoints } from './manage-endpoints.use-case';
import { WebhookEndpointsConsumer } from './webhook-endpoints.consumer';

@Module({
  providers: [EndpointRepository, ManageEndpoints, WebhookEndpointsConsumer],
  exports: [EndpointRepository],
})
export class EndpointsModule {}
