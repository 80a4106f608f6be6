import { CreateMessagingTables1764000000000, MessagingModule } from '@lipa/messaging';
import { PlatformModule } from '@lipa/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { StkServiceConfig } from './config';
import { CreateStkTransactions1764000300000 } from './persistence/migrations/1764000300000-CreateStkTransactions';
import { StkPushModule } from './stk-push/stk-push.module';

export const SERVICE = 'stk-service';

@Module({})
export class AppModule {
  static register(config: StkServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          service: SERVICE,
          config,
          configClass: StkServiceConfig,
          redis: true,
          database: { schema: 'stk', entities: [], migrations: [CreateMessagingTables1764000000000, CreateStkTransactions1764000300000] },
        }),
        MessagingModule.forRoot({ service: SERVICE, amqpUrl: config.AMQP_URL, prefix: config.AMQP_PREFIX }),
        StkPushModule,
      ],
    };
  }
}
