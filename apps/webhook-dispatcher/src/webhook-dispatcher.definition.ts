import type { ServiceDefinition } from '@lipa/platform';
import { AppModule } from './app.module';
import { WebhookDispatcherConfig } from './config';

export const definition: ServiceDefinition<WebhookDispatcherConfig> = {
  service: 'webhook-dispatcher',
  configClass: WebhookDispatcherConfig,
  appModule: (config) => AppModule.register(config),
};
