import { ServiceRuntimeModule } from '@lipa/messaging';
import { DynamicModule, Module } from '@nestjs/common';
import { B2cPayoutServiceConfig } from './config';

export const SERVICE = 'b2c-payout-service';

/**
 * Owns payouts, balance and transaction-status queries and reversals (docs/design.md §1). This issue lays
 * down its process, schema, messaging and health; the payout capabilities land in their own issue.
 */
@Module({})
export class AppModule {
  static register(config: B2cPayoutServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceRuntimeModule.forService({
          service: SERVICE,
          config,
          configClass: B2cPayoutServiceConfig,
          schema: 'payouts',
          migrations: [],
        }),
      ],
    };
  }
}
