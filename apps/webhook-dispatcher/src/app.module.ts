import { DynamicModule, Module } from '@nestjs/common';
import { CreateMessagingTables1764000000000, MessagingModule } from '@lipa/messaging';
import { PlatformModule } from '@lipa/platform';
import { WEBHOOK_DISPATCHER } from '@lipa/contracts';
import { WebhookDispatcherConfig } from './config';
import { DeliveriesModule } from './deliveries/deliveries.module';
import { EndpointsModule } from './endpoints/endpoints.module';
import { CreateWebhookTables1764000500000 } from './persistence/migrations/1764000500000-CreateWebhookTables';

@Module({})
export class AppModule {
  static register(config: WebhookDispatcherConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          service: WEBHOOK_DISPATCHER,
          config,
          configClass: WebhookDispatcherConfig,
          database: { schema: 'webhooks', entities: [], migrations: [CreateMessagingTables1764000000000, CreateWebhookTables1764000500000] },
        }),
        MessagingModule.forRoot({ service: WEBHOOK_DISPATCHER, amqpUrl: config.AMQP_URL, prefix: config.AMQP_PREFIX }),
        EndpointsModule,
        DeliveriesModule,
      ],
    };
  }
}
