import { DynamicModule, Module } from '@nestjs/common';
import { CreateMessagingTables1764000000000, MessagingModule } from '@lipa/messaging';
import { PlatformModule } from '@lipa/platform';
import { LedgerServiceConfig } from './config';
import { LedgerModule } from './ledger/ledger.module';
import { CreateLedger1764000400000 } from './persistence/migrations/1764000400000-CreateLedger';
import { LEDGER_SCHEMA } from './persistence/schema';

export const SERVICE = 'ledger-service';

@Module({})
export class AppModule {
  static register(config: LedgerServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          service: SERVICE,
          config,
          configClass: LedgerServiceConfig,
          redis: true,
          database: {
            schema: LEDGER_SCHEMA,
            entities: [],
            migrations: [CreateMessagingTables1764000000000, CreateLedger1764000400000],
            poolSize: config.DATABASE_POOL_SIZE,
          },
        }),
        MessagingModule.forRoot({ service: SERVICE, amqpUrl: config.AMQP_URL, prefix: config.AMQP_PREFIX, prefetch: config.AMQP_PREFETCH }),
        LedgerModule,
      ],
    };
  }
}
