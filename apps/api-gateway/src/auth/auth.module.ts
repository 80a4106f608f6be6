import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { MerchantsModule } from '../merchants/merchants.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { AuthController } from './auth.controller';
import { Authenticator } from './authenticator';
import { CredentialsRepository } from './credentials.repository';
import { ExpiredSessionsJob } from './expired-sessions.job';
import { LogIn } from './log-in.use-case';
import { LoginThrottle } from './login-throttle';
import { MerchantAuthGuard } from './merchant-auth.guard';
import { OAuthTokensRepository } from './oauth-tokens.repository';
import { PasswordHasher } from './password-hasher';
import { RegisterMerchant } from './register-merchant.use-case';
import { SessionsRepository } from './sessions.repository';
import { UsageRecorder } from './usage-recorder';

/**
 * Sign-up, log-in/out and authentication of every request. Exports what routes of other modules need
 * to be guarded (MerchantAuthGuard and its dependencies) and to move money (IdempotencyModule).
 */
@Module({
  imports: [MerchantsModule, RateLimitModule, IdempotencyModule],
  controllers: [AuthController],
  providers: [
    Authenticator,
    MerchantAuthGuard,
    CredentialsRepository,
    SessionsRepository,
    OAuthTokensRepository,
    UsageRecorder,
    ExpiredSessionsJob,
    PasswordHasher,
    LoginThrottle,
    RegisterMerchant,
    LogIn,
  ],
  exports: [
    Authenticator,
    MerchantAuthGuard,
    CredentialsRepository,
    OAuthTokensRepository,
    PasswordHasher,
    RegisterMerchant,
    MerchantsModule,
    RateLimitModule,
    IdempotencyModule,
  ],
})
export class AuthModule {}
