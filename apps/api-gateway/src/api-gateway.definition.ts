import type { ServiceDefinition } from '@lipa/platform';
import { AppModule } from './app.module';
import { ApiGatewayConfig } from './config';

export const definition: ServiceDefinition<ApiGatewayConfig> = {
  service: 'api-gateway',
  configClass: ApiGatewayConfig,
  appModule: (config) => AppModule.register(config),
  bodyLimit: '64kb',
};
