import { Body, Controller, Get, Param, ParseEnumPipe, Post, Query, StreamableFile, UseInterceptors } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import { type Stringifier, stringify } from 'csv-stringify';
import {
  GetLedgerStatementV1,
  InitiateStkPushV1,
  LEDGER_SERVICE,
  type LedgerStatement,
  STK_SERVICE,
  type StkPushAccepted,
  TOP_UP_WALLETS,
  type TopUpWallet,
} from '@lipa/contracts';
import { kesToMinor } from '@lipa/money';
import { normalizeMsisdn } from '@lipa/phone';
import { CodedError } from '@lipa/platform';
import { AdminOnly, Authenticated, MovesMoney } from '../auth/access';
import { ApiAdminOnly } from '../auth/auth.openapi';
import { balancesView } from '../balance/balance.controller';
import { BalanceResponse } from '../balance/balance.responses';
import { IdempotencyInterceptor, IdempotencyKey } from '../idempotency/idempotency.interceptor';
import { type AuthContext, CurrentAuth, RequestId } from '../auth/auth-context';
import { ApiAuth, ApiErrors, ApiMovesMoney, UPSTREAM_ERRORS } from '../http/openapi';
import { MAX_PAGE_SIZE } from '../http/pagination';
import { ValidationCodes } from '../http/validation-codes';
import { UpstreamClient } from '../upstream/upstream.client';
import { STATEMENT_CSV_COLUMNS, statementEntryView } from './wallet-statement';
import { MoveWalletMoney, transferId } from './move-wallet-money.use-case';
import { MoveToB2cDto, StatementQuery, WALLETS, WalletAdjustmentDto, type WalletName } from './wallets.dto';
import { WalletTopUpDto, WalletTopUpResponse } from './top-up.dto';

/** A CSV export is every entry, a page of 100 at a time from the ledger, up to this many. */
export const MAX_CSV_ROWS = 50_000;

const walletParam = new ParseEnumPipe(WALLETS, {
  exceptionFactory: () => new CodedError('wallet_not_found', 404, `wallet must be one of ${WALLETS.join(', ')}`),
});

const topUpWalletParam = new ParseEnumPipe(TOP_UP_WALLETS, {
  exceptionFactory: () => new CodedError('wallet_not_found', 404, `wallet must be one of ${TOP_UP_WALLETS.join(', ')}`),
});

/** AccountReference of a top-up on the platform's paybill (Daraja shows 12 characters). */
const TOP_UP_REFERENCE: Record<TopUpWallet, string> = { service_wallet: 'TOPUP-SVC', b2c_wallet: 'TOPUP-B2C' };

/** Admins adjust a merchant's wallet, audited (`wallet.credit` / `wallet.debit` with the balances around it). */
@Controller('v1/admin/merchants')
@AdminOnly()
@ApiTags('Admin')
@ApiAdminOnly()
export class WalletAdjustmentsController {
  constructor(private readonly money: MoveWalletMoney) {}

  @Post(':id/wallets/:wallet/adjustments')
  @UseInterceptors(IdempotencyInterceptor)
  @ApiOperation({
    summary: "Credit or debit a merchant's wallet",
    description: 'From or to the platform’s funding account of the mode (default live), with a reason; `Idempotency-Key` makes a retry the same adjustment.',
  })
  @ApiParam({ name: 'wallet', enum: WALLETS })
  @ApiOkResponse({ type: BalanceResponse })
  @ApiErrors(
    'validation_error',
    'merchant_not_found',
    { code: 'insufficient_funds', status: 422, description: 'A debit larger than the wallet’s available balance.' },
    ...UPSTREAM_ERRORS,
  )
  async adjust(
    @CurrentAuth() auth: AuthContext,
    @Param('id') merchantId: string,
    @Param('wallet', walletParam) wallet: WalletName,
    @Body() body: WalletAdjustmentDto,
    @RequestId() requestId: string,
    @IdempotencyKey() key?: string,
  ) {
    const { transfer_id, balances_after } = await this.money.adjust({
      adminId: auth.merchantId,
      requestId,
      merchantId,
      wallet,
      mode: body.mode ?? 'live',
      direction: body.direction,
      amountMinor: kesToMinor(body.amount),
      reason: body.reason,
      transferId: transferId('adj', auth.merchantId, key),
    });
    return { success: true, message: body.direction === 'credit' ? 'Wallet credited' : 'Wallet debited', transfer_id, ...balancesView(balances_after) };
  }
}

@Controller('v1/wallets')
@ApiTags('Balance')
@ApiAuth()
export class WalletsController {
  constructor(
    private readonly upstream: UpstreamClient,
    private readonly money: MoveWalletMoney,
  ) {}

  @Get(':wallet/statement')
  @Authenticated()
  @ApiOperation({
    summary: 'A wallet’s statement',
    description:
      "The wallet's posted entries of the credential's mode, newest first, with the balance after each. `?format=csv` streams every entry (up to 50,000) as CSV with the same columns.",
  })
  @ApiParam({ name: 'wallet', enum: WALLETS })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'One page of entries (JSON), or every entry (CSV).' })
  @ApiErrors(
    'validation_error',
    { code: 'wallet_not_found', status: 404, description: 'Not one of service_wallet, b2c_wallet, collections.' },
    ...UPSTREAM_ERRORS,
  )
  async statement(
    @CurrentAuth() auth: AuthContext,
    @Param('wallet', walletParam) wallet: WalletName,
    @Query() q: StatementQuery,
    @RequestId() requestId: string,
  ) {
    const page = (pageNumber: number, limit: number) =>
      this.upstream.request<LedgerStatement>(
        LEDGER_SERVICE,
        GetLedgerStatementV1.command,
        { merchant_id: auth.merchantId, wallet, mode: auth.mode, page: pageNumber, limit } satisfies GetLedgerStatementV1,
        { correlationId: requestId, merchantId: auth.merchantId },
      );
    if (q.format !== 'csv') {
      const s = await page(q.page, q.limit);
      return {
        success: true,
        message: 'Statement retrieved',
        mode: s.mode,
        wallet,
        currency: 'KES',
        data: s.data.map(statementEntryView),
        pagination: s.pagination,
      };
    }
    // The first page is fetched before any byte is sent, so an upstream failure is still a clean error answer.
    const first = await page(1, MAX_PAGE_SIZE);
    const csv = stringify({ header: true, columns: [...STATEMENT_CSV_COLUMNS] });
    void this.fill(csv, first, (n) => page(n, MAX_PAGE_SIZE));
    return new StreamableFile(csv, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${wallet}-${auth.mode}-statement.csv"` });
  }

  @Post('collections/move-to-b2c')
  @MovesMoney()
  @ApiMovesMoney()
  @ApiOperation({
    summary: 'Move collections into the B2C wallet',
    description: "Moves collected money (of the credential's mode) into the B2C wallet, where it funds payouts. Answers the balances after it.",
  })
  @ApiOkResponse({ type: BalanceResponse })
  @ApiErrors('validation_error', { code: 'insufficient_funds', status: 422, description: 'The collections cannot cover the amount.' }, ...UPSTREAM_ERRORS)
  async moveToB2c(@CurrentAuth() auth: AuthContext, @Body() body: MoveToB2cDto, @RequestId() requestId: string, @IdempotencyKey() key?: string) {
    const id = transferId('mv', auth.merchantId, key);
    const after = await this.money.collectionsToB2c(auth.merchantId, auth.mode, kesToMinor(body.amount), id, requestId);
    return { success: true, message: 'Moved to the B2C wallet', transfer_id: id, ...balancesView(after) };
  }

  /**
   * The merchant pays the platform's own paybill by STK Push; ledger-service credits the wallet when the
   * payment completes (payment.completed with top_up_wallet), a failed one changes nothing. stk-service
   * sends it to the platform's shortcode with no fee, so no `account` goes with it.
   */
  @Post(':wallet/top-up')
  @MovesMoney()
  @ApiOperation({
    summary: 'Top up a wallet by STK Push',
    description:
      "Prompts the phone to pay the platform's paybill; once the payment completes, the amount is credited to the wallet of the credential's mode. The answer only means M-Pesa accepted the request: query it with `POST /v1/stk-push/status`.",
  })
  @ApiMovesMoney()
  @ApiParam({ name: 'wallet', enum: TOP_UP_WALLETS })
  @ApiCreatedResponse({ type: WalletTopUpResponse })
  @ApiErrors(
    'validation_error',
    'invalid_json',
    'invalid_phone',
    'invalid_amount',
    { code: 'wallet_not_found', status: 404, description: 'Not one of service_wallet, b2c_wallet.' },
    'live_mode_not_configured',
    'mpesa_request_rejected',
    'mpesa_unavailable',
    ...UPSTREAM_ERRORS,
  )
  @ValidationCodes({ phone: 'invalid_phone', amount: 'invalid_amount' })
  async topUp(
    @CurrentAuth() auth: AuthContext,
    @Param('wallet', topUpWalletParam) wallet: TopUpWallet,
    @Body() body: WalletTopUpDto,
    @RequestId() requestId: string,
    @IdempotencyKey() key?: string,
  ) {
    const command: InitiateStkPushV1 = {
      merchant_id: auth.merchantId,
      mode: auth.mode,
      phone: normalizeMsisdn(body.phone) as string,
      amount_minor: kesToMinor(body.amount).toString(),
      reference: TOP_UP_REFERENCE[wallet],
      top_up_wallet: wallet,
    };
    // stk-service keys pushes by the merchant's key: a namespaced one, so a key once used for a sale
    // (POST /v1/stk-push) can never answer a top-up with that sale.
    if (key !== undefined) command.idempotency_key = `top_up:${createHash('sha256').update(key).digest('base64url')}`;
    const accepted = await this.upstream.request<StkPushAccepted>(STK_SERVICE, InitiateStkPushV1.command, command, {
      correlationId: requestId,
      merchantId: auth.merchantId,
    });
    return {
      success: true,
      message: 'Top-up STK push sent',
      transaction_id: accepted.transaction_id,
      checkout_request_id: accepted.checkout_request_id,
      merchant_request_id: accepted.merchant_request_id,
      status: accepted.status,
      customer_message: accepted.customer_message,
      wallet,
    };
  }

  /** Writes every entry, page after page, minding backpressure; a failure mid-way cuts the download short. */
  private async fill(csv: Stringifier, first: LedgerStatement, next: (page: number) => Promise<LedgerStatement>): Promise<void> {
    try {
      let statement = first;
      let rows = 0;
      for (;;) {
        for (const entry of statement.data) {
          if (rows >= MAX_CSV_ROWS) break;
          if (!csv.write(statementEntryView(entry))) await new Promise((resolve) => csv.once('drain', resolve));
          rows += 1;
        }
        const { current_page, total_pages } = statement.pagination;
        if (rows >= MAX_CSV_ROWS || current_page >= total_pages) break;
        statement = await next(current_page + 1);
      }
      csv.end();
    } catch (error) {
      csv.destroy(error as Error);
    }
  }
}
