import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { GetTransactionV1, InitiateStkPushV1, STK_SERVICE, type StkPushAccepted, type TransactionView, webhookUrlProblem } from '@lipa/contracts';
import { kesToMinor } from '@lipa/money';
import { normalizeMsisdn } from '@lipa/phone';
import { CodedError, NotFoundError } from '@lipa/platform';
import { Authenticated, MovesMoney } from '../auth/access';
import { type AuthContext, CurrentAuth, RequestId } from '../auth/auth-context';
import { ApiAuth, ApiErrors, ApiMovesMoney, UPSTREAM_ERRORS } from '../http/openapi';
import { ValidationCodes } from '../http/validation-codes';
import { IdempotencyKey } from '../idempotency/idempotency.interceptor';
import { ManagePaymentAccounts } from '../payment-accounts/manage-payment-accounts.use-case';
import { stkRouting } from '../payment-accounts/payment-account';
import { UpstreamClient } from '../upstream/upstream.client';
import { StkPushDto, StkStatusDto } from './stk.dto';
import { StkPushResponse, TransactionResponse } from './stk.responses';

@Controller('v1')
@ApiTags('STK Push')
@ApiAuth()
@ApiErrors(...UPSTREAM_ERRORS)
export class StkController {
  constructor(
    private readonly upstream: UpstreamClient,
    private readonly paymentAccounts: ManagePaymentAccounts,
  ) {}

  /**
   * Only the route translates: the prompt itself, fees and limits are stk-service's business. The push
   * goes to `payment_id`'s account, else the mode's primary, else the platform's shortcode.
   */
  @Post('stk-push')
  @MovesMoney()
  @ApiOperation({
    summary: 'Send an STK Push',
    description:
      'Prompts the customer to approve the payment on their phone. The answer only means M-Pesa accepted the request: the outcome arrives by webhook, or query it with `POST /v1/stk-push/status`.',
  })
  @ApiMovesMoney()
  @ApiCreatedResponse({ type: StkPushResponse })
  @ApiErrors(
    'validation_error',
    'invalid_json',
    'invalid_phone',
    'invalid_amount',
    'invalid_webhook_url',
    'payment_account_not_found',
    'payment_account_mode_mismatch',
    'live_mode_not_configured',
    'mpesa_request_rejected',
    'mpesa_unavailable',
  )
  @ValidationCodes({ phone: 'invalid_phone', amount: 'invalid_amount' })
  async push(@CurrentAuth() auth: AuthContext, @Body() body: StkPushDto, @RequestId() requestId: string, @IdempotencyKey() idempotencyKey?: string) {
    const account = await this.paymentAccounts.resolve(auth.merchantId, auth.mode, body.payment_id);
    const command: InitiateStkPushV1 = {
      merchant_id: auth.merchantId,
      mode: auth.mode,
      phone: normalizeMsisdn(body.phone) as string,
      amount_minor: kesToMinor(body.amount).toString(),
      reference: body.reference ?? account?.account_reference ?? account?.payment_id ?? 'Payment',
    };
    if (body.description !== undefined) command.description = body.description;
    if (body.callback_url !== undefined) {
      // The rule every webhook destination follows (libs/contracts): a live push's callback must be https.
      const problem = webhookUrlProblem(body.callback_url, auth.mode);
      if (problem) throw new CodedError('invalid_webhook_url', 400, `callback_url: ${problem}`);
      command.callback_url = body.callback_url;
    }
    // The same key reaches stk-service, which never sends a second prompt for it.
    if (idempotencyKey !== undefined) command.idempotency_key = idempotencyKey;
    if (account) command.account = stkRouting(account);
    const accepted = await this.upstream.request<StkPushAccepted>(STK_SERVICE, InitiateStkPushV1.command, command, {
      correlationId: requestId,
      merchantId: command.merchant_id,
    });
    return {
      success: true,
      message: 'STK push sent',
      transaction_id: accepted.transaction_id,
      checkout_request_id: accepted.checkout_request_id,
      merchant_request_id: accepted.merchant_request_id,
      status: accepted.status,
      customer_message: accepted.customer_message,
      payment_id: account?.payment_id ?? null,
    };
  }

  @Post('stk-push/status')
  @Authenticated()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Get an STK Push by its checkout_request_id',
    description: 'The transaction as it stands: `pending` until M-Pesa reports the outcome.',
  })
  @ApiOkResponse({ type: TransactionResponse })
  @ApiErrors('validation_error', 'invalid_json', 'transaction_not_found')
  status(@CurrentAuth() auth: AuthContext, @Body() body: StkStatusDto, @RequestId() requestId: string) {
    return this.transaction({ merchant_id: auth.merchantId, mode: auth.mode, checkout_request_id: body.checkout_request_id }, requestId);
  }

  @Get('transactions/:id')
  @Authenticated()
  @ApiOperation({ summary: 'Get a transaction' })
  @ApiParam({ name: 'id', description: 'The `transaction_id`.', example: 'txn_4fQ0m2Xk9bT7cV1pZ8aR3sLd' })
  @ApiOkResponse({ type: TransactionResponse })
  @ApiErrors('transaction_not_found')
  get(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @RequestId() requestId: string) {
    return this.transaction({ merchant_id: auth.merchantId, mode: auth.mode, transaction_id: id }, requestId);
  }

  /** Scoped by merchant and mode: another merchant's id, or the other mode's, is simply not found. */
  private async transaction(query: GetTransactionV1, requestId: string) {
    const view = await this.upstream.request<TransactionView | null>(STK_SERVICE, GetTransactionV1.command, query, {
      correlationId: requestId,
      merchantId: query.merchant_id,
    });
    if (!view || view.mode !== query.mode) throw new NotFoundError('transaction_not_found', 'Transaction not found');
    return { success: true, message: 'Transaction retrieved', ...view };
  }
}
