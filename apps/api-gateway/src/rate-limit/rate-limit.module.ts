import { Module } from '@nestjs/common';
import { AuthAttemptGuard } from './auth-attempt.guard';
import { RateLimits } from './rate-limits';

@Module({ providers: [RateLimits, AuthAttemptGuard], exports: [RateLimits, AuthAttemptGuard] })
export class RateLimitModule {}
