import { ServiceDefinition } from '@lipa/platform';
import { AppModule, SERVICE } from './app.module';
import { CallbackIngestConfig } from './config';

export const definition: ServiceDefinition<CallbackIngestConfig> = {
  service: SERVICE,
  configClass: CallbackIngestConfig,
  appModule: (config) => AppModule.register(config),
  bodyLimit: '32kb',
  rawBody: true,
  // Safaricom's one delivery is stored even when it is not JSON; parsing happens in the use case.
  bodyParser: 'text',
};
