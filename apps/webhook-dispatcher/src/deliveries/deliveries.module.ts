import { Module } from '@nestjs/common';
import { EndpointsModule } from '../endpoints/endpoints.module';
import { AttemptDelivery } from './attempt-delivery.use-case';
import { CreateDeliveries } from './create-deliveries.use-case';
import { DeliveryRepository } from './delivery.repository';
import { ListDeliveries } from './list-deliveries.use-case';
import { WebhookDeliveriesConsumer } from './webhook-deliveries.consumer';
import { WebhookHttpClient } from './webhook-http.client';

@Module({
  imports: [EndpointsModule],
  providers: [
    DeliveryRepository,
    CreateDeliveries,
    AttemptDelivery,
    ListDeliveries,
    WebhookDeliveriesConsumer,
    // Built by hand: its only constructor argument (the DNS resolver) is for tests.
    { provide: WebhookHttpClient, useFactory: () => new WebhookHttpClient() },
  ],
})
export class DeliveriesModule {}
