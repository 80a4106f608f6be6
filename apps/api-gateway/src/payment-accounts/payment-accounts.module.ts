import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ManagePaymentAccounts } from './manage-payment-accounts.use-case';
import { PaymentAccountsController } from './payment-accounts.controller';
import { PaymentAccountsRepository } from './payment-accounts.repository';

@Module({
  imports: [AuthModule],
  controllers: [PaymentAccountsController],
  providers: [ManagePaymentAccounts, PaymentAccountsRepository],
  exports: [ManagePaymentAccounts, PaymentAccountsRepository],
})
export class PaymentAccountsModule {}
