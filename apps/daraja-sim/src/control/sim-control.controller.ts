import { Controller, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { SimRoute, SimStateService, SimTransaction } from '../sim-state.service';

/**
 * A push as the simulator received it, for tests that run it as its own process (apps/e2e): which
 * Daraja app's token sent it and to which shortcode. Fields are listed one by one so nothing new leaks
 * by accident; the callback URL is left out because it carries the payment's callback token, which is
 * never shown in clear (docs/design.md §3).
 */
export type SimTransactionView = Omit<SimTransaction, 'callbackUrl' | 'outcome'>;

/** Test-only surface under /__sim, a path Daraja never uses. */
@Controller('__sim')
export class SimControlController {
  constructor(private readonly state: SimStateService) {}

  @Get('requests')
  requests(): Record<SimRoute, number> {
    return this.state.requestCounts();
  }

  /** Read-only; an unknown (or reset) CheckoutRequestID is 404 404.001.01, like any unknown path. */
  @Get('transactions/:checkoutRequestId')
  transaction(@Param('checkoutRequestId') checkoutRequestId: string): SimTransactionView {
    const txn = this.state.transactions.get(checkoutRequestId);
    if (!txn) throw new NotFoundException();
    return {
      merchantRequestId: txn.merchantRequestId,
      checkoutRequestId: txn.checkoutRequestId,
      shortcode: txn.shortcode,
      partyB: txn.partyB,
      transactionType: txn.transactionType,
      consumerKey: txn.consumerKey,
      queries: txn.queries.map((q) => ({ consumerKey: q.consumerKey, shortcode: q.shortcode })),
      amount: txn.amount,
      phoneNumber: txn.phoneNumber,
      resultCode: txn.resultCode,
      receipt: txn.receipt,
      transactionDate: txn.transactionDate,
    };
  }

  @Post('reset')
  @HttpCode(204)
  reset(): void {
    this.state.reset();
  }

  @Post('tokens/revoke')
  @HttpCode(204)
  revokeTokens(): void {
    this.state.revokeTokens();
  }
}
