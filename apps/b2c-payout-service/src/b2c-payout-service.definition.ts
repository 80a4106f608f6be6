import { ServiceDefinition } from '@lipa/platform';
import { AppModule, SERVICE } from './app.module';
import { B2cPayoutServiceConfig } from './config';

export const definition: ServiceDefinition<B2cPayoutServiceConfig> = {
  service: SERVICE,
  configClass: B2cPayoutServiceConfig,
  appModule: (config) => AppModule.register(config),
};
