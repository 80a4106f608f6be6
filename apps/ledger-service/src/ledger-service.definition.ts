import type { ServiceDefinition } from '@lipa/platform';
import { AppModule, SERVICE } from './app.module';
import { LedgerServiceConfig } from './config';

export const definition: ServiceDefinition<LedgerServiceConfig> = {
  service: SERVICE,
  configClass: LedgerServiceConfig,
  appModule: (config) => AppModule.register(config),
};
