import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { PaymentAccountsModule } from '../payment-accounts/payment-accounts.module';
import { GetProfile } from './get-profile.use-case';
import { MeController } from './me.controller';

@Module({ imports: [AuthModule, PaymentAccountsModule], controllers: [MeController], providers: [GetProfile] })
export class ProfileModule {}
