import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { GetTransactionV1, InitiateStkPushV1, STK_SERVICE, type StkPushAccepted, type TransactionView } from '@lipa/contracts';
import { normalizeMsisdn } from '@lipa/phone';
import { NotFoundError } from '@lipa/platform';
import { type AuthContext, CurrentAuth, RequestId } from '../auth/auth-context';
import { MerchantAuthGuard } from '../auth/merchant-auth.guard';
import { ValidationCodes } from '../http/validation-codes';
import { IdempotencyService, checkIdempotencyKey } from '../idempotency/idempotency.service';
import { requestHash } from '../idempotency/request-hash';
import { UpstreamClient } from '../upstream/upstream.client';
import { StkPushDto, StkStatusDto } from './stk.dto';

const CREATED = 201;

@Controller('v1')
@UseGuards(MerchantAuthGuard)
export class StkController {
  constructor(
    private readonly upstream: UpstreamClient,
    private readonly idempotency: IdempotencyService,
  ) {}

  /** Only the route translates: the prompt itself, fees and limits are stk-service's business. */
  @Post('stk-push')
  @ValidationCodes({ phone: 'invalid_phone', amount: 'invalid_amount' })
  async push(
    @CurrentAuth() auth: AuthContext,
    @Body() body: StkPushDto,
    @RequestId() requestId: string,
    @Res({ passthrough: true }) res: Response,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    const command: InitiateStkPushV1 = {
      merchant_id: auth.merchantId,
      mode: auth.mode,
      phone: normalizeMsisdn(body.phone) as string,
      amount_minor: (BigInt(body.amount) * 100n).toString(),
      reference: body.reference,
    };
    if (body.description !== undefined) command.description = body.description;
    if (body.callback_url !== undefined) command.callback_url = body.callback_url;
    if (idempotencyKey === undefined) return this.initiate(command, requestId);

    checkIdempotencyKey(idempotencyKey);
    command.idempotency_key = idempotencyKey;
    const start = await this.idempotency.begin(auth.merchantId, idempotencyKey, requestHash('POST', '/v1/stk-push', { ...body, mode: auth.mode }));
    if (start.kind === 'replay') {
      res.status(start.status);
      res.setHeader('Idempotent-Replayed', 'true');
      return start.body;
    }
    try {
      const response = await this.initiate(command, requestId);
      await this.idempotency.complete(auth.merchantId, idempotencyKey, CREATED, response);
      return response;
    } catch (error) {
      await this.idempotency.abandon(auth.merchantId, idempotencyKey);
      throw error;
    }
  }

  private async initiate(command: InitiateStkPushV1, requestId: string) {
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
    };
  }

  @Post('stk-push/status')
  @HttpCode(200)
  status(@CurrentAuth() auth: AuthContext, @Body() body: StkStatusDto, @RequestId() requestId: string) {
    return this.transaction({ merchant_id: auth.merchantId, checkout_request_id: body.checkout_request_id }, requestId);
  }

  @Get('transactions/:id')
  get(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @RequestId() requestId: string) {
    return this.transaction({ merchant_id: auth.merchantId, transaction_id: id }, requestId);
  }

  private async transaction(query: GetTransactionV1, requestId: string) {
    const view = await this.upstream.request<TransactionView | null>(STK_SERVICE, GetTransactionV1.command, query, {
      correlationId: requestId,
      merchantId: query.merchant_id,
    });
    if (!view) throw new NotFoundError('transaction_not_found', 'Transaction not found');
    return { success: true, message: 'Transaction retrieved', ...view };
  }
}
