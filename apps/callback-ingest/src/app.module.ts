import { CreateMessagingTables1764000000000, MessagingModule } from '@lipa/messaging';
import { PlatformModule } from '@lipa/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { CallbackIngestConfig } from './config';
import { CreateRawCallbacks1764000200000 } from './persistence/migrations/1764000200000-CreateRawCallbacks';
import { StkCallbacksModule } from './stk-callbacks/stk-callbacks.module';

export const SERVICE = 'callback-ingest';

@Module({})
export class AppModule {
  static register(config: CallbackIngestConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          service: SERVICE,
          config,
          configClass: CallbackIngestConfig,
          redis: true,
          database: { schema: 'callbacks', entities: [], migrations: [CreateMessagingTables1764000000000, CreateRawCallbacks1764000200000] },
        }),
        MessagingModule.forRoot({ service: SERVICE, amqpUrl: config.AMQP_URL, prefix: config.AMQP_PREFIX }),
        StkCallbacksModule,
      ],
    };
  }
}
