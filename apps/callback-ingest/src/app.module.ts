import { ServiceRuntimeModule } from '@lipa/messaging';
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
        ServiceRuntimeModule.forService({
          service: SERVICE,
          config,
          configClass: CallbackIngestConfig,
          schema: 'callbacks',
          migrations: [CreateRawCallbacks1764000200000],
        }),
        StkCallbacksModule,
      ],
    };
  }
}
