import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { PaymentAccountsModule } from '../payment-accounts/payment-accounts.module';
import { UpstreamModule } from '../upstream/upstream.module';
import { StkController } from './stk.controller';

@Module({ imports: [AuthModule, PaymentAccountsModule, UpstreamModule], controllers: [StkController] })
export class StkModule {}
