import type { ServiceDefinition } from '@lipa/platform';
import { AppModule } from './app.module';
import { ApiGatewayConfig } from './config';
import { setupOpenApi } from './http/openapi-document';

export const definition: ServiceDefinition<ApiGatewayConfig> = {
  service: 'api-gateway',
  configClass: ApiGatewayConfig,
  appModule: (config) => AppModule.register(config),
  bodyLimit: '64kb',
  // GET /openapi.json and /docs (apps/api-gateway/README.md "API reference").
  configureApp: (app) => setupOpenApi(app),
};
