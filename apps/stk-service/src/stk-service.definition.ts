import { ServiceDefinition } from '@lipa/platform';
import { AppModule, SERVICE } from './app.module';
import { StkServiceConfig } from './config';

export const definition: ServiceDefinition<StkServiceConfig> = {
  service: SERVICE,
  configClass: StkServiceConfig,
  appModule: (config) => AppModule.register(config),
};
