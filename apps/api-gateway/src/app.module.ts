import { DynamicModule, MiddlewareConsumer, Module, NestModule, OnModuleInit, RequestMethod } from '@nestjs/common';
import { APP_INTERCEPTOR, HttpAdapterHost } from '@nestjs/core';
import { urlencoded } from 'express';
import { ServiceRuntimeModule } from '@lipa/messaging';
import { AdminModule } from './admin/admin.module';
import { AuthModule } from './auth/auth.module';
import { BalanceModule } from './balance/balance.module';
import { BanksModule } from './banks/banks.module';
import { FeesModule } from './fees/fees.module';
import { ApiGatewayConfig } from './config';
import { NoStoreModule } from './http/no-store';
import { ValidationCodesInterceptor } from './http/validation-codes';
import { KeysModule } from './keys/keys.module';
import { PaymentAccountsModule } from './payment-accounts/payment-accounts.module';
import { GATEWAY_MIGRATIONS } from './persistence/migrations';
import { ProfileModule } from './profile/profile.module';
import { StkModule } from './stk/stk.module';
import { TransactionsModule } from './transactions/transactions.module';
import { WalletsModule } from './wallets/wallets.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** One Nest module per capability (docs/api-gateway.md); this one only wires them and the HTTP edge. */
@Module({
  imports: [
    NoStoreModule,
    AuthModule,
    KeysModule,
    ProfileModule,
    PaymentAccountsModule,
    StkModule,
    TransactionsModule,
    WebhooksModule,
    BalanceModule,
    WalletsModule,
    BanksModule,
    AdminModule,
    FeesModule,
  ],
  providers: [{ provide: APP_INTERCEPTOR, useClass: ValidationCodesInterceptor }],
})
export class GatewayModule implements NestModule, OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: ApiGatewayConfig,
  ) {}

  /** Behind N proxies the client IP (for per-IP limits) is the Nth address from the right of X-Forwarded-For. */
  onModuleInit(): void {
    const app = this.adapterHost.httpAdapter?.getInstance() as { set?: (k: string, v: unknown) => void } | undefined;
    app?.set?.('trust proxy', this.config.TRUST_PROXY_HOPS > 0 ? this.config.TRUST_PROXY_HOPS : false);
  }

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
          migrations: GATEWAY_MIGRATIONS,
          messaging: { rpcTimeoutMs: config.RPC_TIMEOUT_MS },
        }),
        GatewayModule,
      ],
    };
  }
}
