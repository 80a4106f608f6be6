import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { Authenticated } from '../auth/access';
import { type AuthContext, CurrentAuth } from '../auth/auth-context';
import { singlePage } from '../http/responses';
import { ManagePaymentAccounts } from './manage-payment-accounts.use-case';
import { paymentAccountView } from './payment-account';
import { CreatePaymentAccountDto, UpdatePaymentAccountDto } from './payment-accounts.dto';

/** `payment_id` is `#00001`; in a path it is sent percent-encoded (`%2300001`) or bare (`00001`). */
export function paymentIdFromPath(raw: string): string {
  return raw.startsWith('#') ? raw : `#${raw}`;
}

@Controller('v1/payment-accounts')
@Authenticated()
export class PaymentAccountsController {
  constructor(private readonly accounts: ManagePaymentAccounts) {}

  @Post()
  async create(@CurrentAuth() auth: AuthContext, @Body() body: CreatePaymentAccountDto) {
    const account = await this.accounts.create(auth.merchantId, auth.mode, body);
    return { success: true, message: 'Payment account saved', ...paymentAccountView(account) };
  }

  @Get()
  async list(@CurrentAuth() auth: AuthContext) {
    const accounts = await this.accounts.list(auth.merchantId, auth.mode);
    return { success: true, message: 'Payment accounts retrieved', ...singlePage(accounts.map(paymentAccountView)) };
  }

  @Patch(':paymentId')
  async update(@CurrentAuth() auth: AuthContext, @Param('paymentId') paymentId: string, @Body() body: UpdatePaymentAccountDto) {
    const account = await this.accounts.update(auth.merchantId, auth.mode, paymentIdFromPath(paymentId), body);
    return { success: true, message: 'Payment account updated', ...paymentAccountView(account) };
  }
}
