import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/access';
import { type AuthContext, CurrentAuth } from '../auth/auth-context';
import { ApiAuthenticated, ApiRateLimitHeaders, RATE_LIMIT_HEADERS, validationError } from '../auth/auth.openapi';
import { ApiErrors, ApiPage } from '../http/openapi';
import { PageQuery, offsetOf, page } from '../http/pagination';
import { ManagePaymentAccounts } from './manage-payment-accounts.use-case';
import { paymentAccountView } from './payment-account';
import { CreatePaymentAccountDto, UpdatePaymentAccountDto } from './payment-accounts.dto';
import { PaymentAccount, PaymentAccountSavedResponse, PaymentAccountUpdatedResponse } from './payment-accounts.openapi';

/** `payment_id` is `#00001`; in a path it is sent percent-encoded (`%2300001`) or bare (`00001`). */
export function paymentIdFromPath(raw: string): string {
  return raw.startsWith('#') ? raw : `#${raw}`;
}

@Controller('v1/payment-accounts')
@Authenticated()
@ApiTags('Payment accounts')
@ApiAuthenticated()
export class PaymentAccountsController {
  constructor(private readonly accounts: ManagePaymentAccounts) {}

  @Post()
  @ApiOperation({
    summary: 'Add a paybill or till',
    description:
      'The account belongs to the mode of the credential (a portal session: X-Lipa-Mode) and gets the next `payment_id` (`#00001`, `#00002`, …). The first account of a mode is its primary. Optionally with your own Daraja app, stored encrypted and never returned. At most 100 accounts per merchant.',
  })
  @ApiBody({
    type: CreatePaymentAccountDto,
    examples: {
      paybill: {
        summary: 'A paybill on the platform’s Daraja app',
        value: { type: 'paybill', number: '174379', account_reference: 'SHOP', label: 'Main shop' },
      },
      till: { summary: 'A till under a store number', value: { type: 'till', number: '5174380', store_number: '5174379', label: 'Counter 2' } },
      own_app: {
        summary: 'A paybill with your own Daraja app',
        value: {
          type: 'paybill',
          number: '174379',
          consumer_key: 'ExampleConsumerKey0000000000Xk9q',
          consumer_secret: 'ExampleConsumerSecret0',
          passkey: 'ExamplePasskey0',
          primary: true,
        },
      },
    },
  })
  @ApiCreatedResponse({ type: PaymentAccountSavedResponse, headers: RATE_LIMIT_HEADERS, description: 'Saved.' })
  @ApiErrors(
    validationError('number must be a paybill or till number of 5 to 7 digits'),
    'invalid_json',
    'payment_account_limit_reached',
    'payment_account_exists',
  )
  async create(@CurrentAuth() auth: AuthContext, @Body() body: CreatePaymentAccountDto) {
    const account = await this.accounts.create(auth.merchantId, auth.mode, body);
    return { success: true, message: 'Payment account saved', ...paymentAccountView(account) };
  }

  @Get()
  @ApiOperation({
    summary: 'List payment accounts',
    description: "The accounts of the credential's mode (a portal session: X-Lipa-Mode), oldest first; the other mode's are not shown.",
  })
  @ApiPage(PaymentAccount, { description: 'One page of accounts.', message: 'Payment accounts retrieved' })
  @ApiRateLimitHeaders()
  async list(@CurrentAuth() auth: AuthContext, @Query() q: PageQuery) {
    const { rows, total } = await this.accounts.list(auth.merchantId, auth.mode, offsetOf(q));
    return { success: true, message: 'Payment accounts retrieved', ...page(rows.map(paymentAccountView), total, q) };
  }

  @Patch(':paymentId')
  @ApiOperation({
    summary: 'Change a payment account',
    description:
      'Only the fields sent change. Daraja app fields are merged into the stored app (the app as a whole needs `consumer_key` and `consumer_secret`); `remove_daraja_app: true` forgets it. `primary: true` moves the primary of the mode here.',
  })
  @ApiParam({
    name: 'paymentId',
    description: 'The `payment_id` (`#00001`, its `#` percent-encoded as `%23`) or its digits alone (`00001`). Any other value is 404.',
    schema: { type: 'string', pattern: '^#?\\d{5}$', example: '00001' },
  })
  @ApiBody({
    type: UpdatePaymentAccountDto,
    examples: {
      primary: { summary: 'Make it the primary account', value: { primary: true } },
      reference: { summary: 'Change the default account reference', value: { account_reference: 'SHOP-2' } },
      remove_app: { summary: 'Go back to the platform’s Daraja app', value: { remove_daraja_app: true } },
    },
  })
  @ApiOkResponse({ type: PaymentAccountUpdatedResponse, headers: RATE_LIMIT_HEADERS, description: 'The account as it now is.' })
  @ApiErrors(
    validationError('primary can only be set to true (make another account primary instead)'),
    'invalid_json',
    'payment_account_not_found',
    'payment_account_exists',
    {
      code: 'payment_account_mode_mismatch',
      status: 403,
      description: 'The account belongs to the other mode: change it with a credential (or X-Lipa-Mode) of its mode.',
      message: 'Payment account #00001 is a live account; use a live key for it',
    },
  )
  async update(@CurrentAuth() auth: AuthContext, @Param('paymentId') paymentId: string, @Body() body: UpdatePaymentAccountDto) {
    const account = await this.accounts.update(auth.merchantId, auth.mode, paymentIdFromPath(paymentId), body);
    return { success: true, message: 'Payment account updated', ...paymentAccountView(account) };
  }
}
