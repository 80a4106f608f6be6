import { ServiceRuntimeModule } from '@lipa/messaging';
import { DynamicModule, Module } from '@nestjs/common';
import { StkServiceConfig } from './config';
import { CreateStkTransactions1764000300000 } from './persistence/migrations/1764000300000-CreateStkTransactions';
import { RouteStkByPaymentAccount1764000310000 } from './persistence/migrations/1764000310000-RouteStkByPaymentAccount';
import { AddStkTopUpWallet1764000320000 } from './persistence/migrations/1764000320000-AddStkTopUpWallet';
import { StkPushModule } from './stk-push/stk-push.module';

export const SERVICE = 'stk-service';

@Module({})
export class AppModule {
  static register(config: StkServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceRuntimeModule.forService({
          service: SERVICE,
          config,
          configClass: StkServiceConfig,
          schema: 'stk',
          migrations: [CreateStkTransactions1764000300000, RouteStkByPaymentAccount1764000310000, AddStkTopUpWallet1764000320000],
        }),
        StkPushModule,
      ],
    };
  }
}
