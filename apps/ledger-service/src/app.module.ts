import { DynamicModule, Module } from '@nestjs/common';
import { ServiceRuntimeModule } from '@lipa/messaging';
import { LedgerServiceConfig } from './config';
import { FeesModule } from './fees/fees.module';
import { LedgerModule } from './ledger/ledger.module';
import { CreateLedger1764000400000 } from './persistence/migrations/1764000400000-CreateLedger';
import { AccountChartAndHolds1764000401000 } from './persistence/migrations/1764000401000-AccountChartAndHolds';
import { TrimTransferIndexes1764000402000 } from './persistence/migrations/1764000402000-TrimTransferIndexes';
import { CreateFeeSchedules1764000403000 } from './persistence/migrations/1764000403000-CreateFeeSchedules';
import { CreateTransactions1764000404000 } from './persistence/migrations/1764000404000-CreateTransactions';
import { LEDGER_SCHEMA } from './persistence/schema';
import { TransactionsModule } from './transactions/transactions.module';

export const SERVICE = 'ledger-service';

@Module({})
export class AppModule {
  static register(config: LedgerServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceRuntimeModule.forService({
          service: SERVICE,
          config,
          configClass: LedgerServiceConfig,
          schema: LEDGER_SCHEMA,
          migrations: [
            CreateLedger1764000400000,
            AccountChartAndHolds1764000401000,
            TrimTransferIndexes1764000402000,
            CreateFeeSchedules1764000403000,
            CreateTransactions1764000404000,
          ],
          poolSize: config.DATABASE_POOL_SIZE,
          messaging: { prefetch: config.AMQP_PREFETCH },
        }),
        LedgerModule,
        FeesModule,
        TransactionsModule,
      ],
    };
  }
}
