import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { urlencoded } from 'express';
import { ServiceRuntimeModule } from '@lipa/messaging';
import { ApiKeysController } from './auth/api-keys.controller';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { CredentialsRepository } from './auth/credentials.repository';
import { MerchantAuthGuard } from './auth/merchant-auth.guard';
import { MerchantsRepository } from './auth/merchants.repository';
import { OAuthController } from './auth/oauth.controller';
import { SessionsRepository } from './auth/sessions.repository';
import { BalanceController } from './balance/balance.controller';
import { ApiGatewayConfig } from './config';
import { ValidationCodesInterceptor } from './http/validation-codes';
import { IdempotencyService } from './idempotency/idempotency.service';
import { CreateGatewayTables1764000100000 } from './persistence/migrations/1764000100000-CreateGatewayTables';
import { StkController } from './stk/stk.controller';
import { UpstreamClient } from './upstream/upstream.client';
import { WebhookEndpointsController } from './webhooks/webhook-endpoints.controller';

@Module({
  controllers: [AuthController, ApiKeysController, OAuthController, StkController, WebhookEndpointsController, BalanceController],
  providers: [
    AuthService,
    MerchantAuthGuard,
    MerchantsRepository,
    CredentialsRepository,
    SessionsRepository,
    IdempotencyService,
    UpstreamClient,
    { provide: APP_INTERCEPTOR, useClass: ValidationCodesInterceptor },
  ],
})
export class GatewayModule implements NestModule {
  /** The platform parses JSON only; OAuth clients post application/x-www-form-urlencoded (RFC 6749). */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(urlencoded({ extended: false, limit: '8kb', parameterLimit: 20 })).forRoutes({ path: 'v1/oauth/token', method: RequestMethod.POST });
  }
}

@Module({})
export class AppModule {
  static register(config: ApiGatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceRuntimeModule.forService({
          service: 'api-gateway',
          config,
          configClass: ApiGatewayConfig,
          schema: 'gateway',
          migrations: [CreateGatewayTables1764000100000],
          messaging: { rpcTimeoutMs: config.RPC_TIMEOUT_MS },
        }),
        GatewayModule,
      ],
    };
  }
}
