import { DynamicModule, Module } from '@nestjs/common';
import { ServiceRuntimeModule } from '@lipa/messaging';
import { WEBHOOK_DISPATCHER } from '@lipa/contracts';
import { WebhookDispatcherConfig } from './config';
import { DeliveriesModule } from './deliveries/deliveries.module';
import { EndpointsModule } from './endpoints/endpoints.module';
import { ManageEndpointsModule } from './endpoints/manage-endpoints.module';
import { CreateWebhookTables1764000500000 } from './persistence/migrations/1764000500000-CreateWebhookTables';
import { WebhooksForEveryEvent1764000501000 } from './persistence/migrations/1764000501000-WebhooksForEveryEvent';
import { DeliveryScheduling1764000502000 } from './persistence/migrations/1764000502000-DeliveryScheduling';

@Module({})
export class AppModule {
  static register(config: WebhookDispatcherConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceRuntimeModule.forService({
          service: WEBHOOK_DISPATCHER,
          config,
          configClass: WebhookDispatcherConfig,
          schema: 'webhooks',
          migrations: [CreateWebhookTables1764000500000, WebhooksForEveryEvent1764000501000, DeliveryScheduling1764000502000],
          // Delivery attempts run on the work lane: this many in flight, apart from the RPCs' command lane.
          messaging: { workPrefetch: config.WEBHOOK_DELIVERY_CONCURRENCY },
        }),
        EndpointsModule,
        DeliveriesModule,
        ManageEndpointsModule,
      ],
    };
  }
}
