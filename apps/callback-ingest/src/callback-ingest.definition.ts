import { ServiceDefinition } from '@lipa/platform';
import { AppModule, SERVICE } from './app.module';
import { CallbackIngestConfig } from './config';

export const definition: ServiceDefinition<CallbackIngestConfig> = {
  service: SERVICE,
  configClass: CallbackIngestConfig,
  appModule: (config) => AppModule.register(config),
  bodyLimit: '32kb',
  rawBody: true,
};
