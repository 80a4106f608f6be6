import { Module } from '@nestjs/common';
import { WebhookDispatcherConfig } from '../config';
import { EndpointsModule } from '../endpoints/endpoints.module';
import { AttemptDelivery } from './attempt-delivery.use-case';
import { AttemptQueue } from './attempt-queue';
import { CreateDeliveries } from './create-deliveries.use-case';
import { DeliveryRepository } from './delivery.repository';
import { DestinationGates } from './destination-gate';
import { ListDeliveries } from './list-deliveries.use-case';
import { ReplayDeliveries } from './replay-deliveries.use-case';
import { WebhookDeliveriesConsumer } from './webhook-deliveries.consumer';
import { WebhookHttpClient } from './webhook-http.client';

@Module({
  imports: [EndpointsModule],
  providers: [
    DeliveryRepository,
    AttemptQueue,
    CreateDeliveries,
    AttemptDelivery,
    ListDeliveries,
    ReplayDeliveries,
    WebhookDeliveriesConsumer,
    // Built by hand: its only constructor argument (the DNS resolver) is for tests.
    { provide: WebhookHttpClient, useFactory: () => new WebhookHttpClient() },
    {
      provide: DestinationGates,
      inject: [WebhookDispatcherConfig],
      useFactory: (config: WebhookDispatcherConfig) =>
        new DestinationGates({
          concurrency: config.WEBHOOK_DESTINATION_CONCURRENCY,
          failuresToOpen: config.WEBHOOK_BREAKER_FAILURES,
          resetMs: config.WEBHOOK_BREAKER_RESET_MS,
        }),
    },
  ],
  exports: [CreateDeliveries],
})
export class DeliveriesModule {}
