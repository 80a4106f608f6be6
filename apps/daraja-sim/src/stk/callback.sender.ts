import { Inject, Injectable } from '@nestjs/common';
import { maskMsisdn } from '@lipa/phone';
import { ResolvedSimulatorOptions, SIM_OPTIONS } from '../sim-options';
import { SimStateService, SimTransaction } from '../sim-state.service';

const DELIVERY_TIMEOUT_MS = 10_000;

/** POSTs the STK callback the way Daraja does: once, no retry, `BusinessShortCode` header (docs/daraja.md §3.3). */
@Injectable()
export class CallbackSender {
  constructor(
    private readonly state: SimStateService,
    @Inject(SIM_OPTIONS) private readonly options: ResolvedSimulatorOptions,
  ) {}

  async deliver(txn: SimTransaction, resultDesc: string): Promise<void> {
    const body = callbackBody(txn, resultDesc);
    this.state.count('callbacks');
    try {
      const res = await fetch(txn.callbackUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json;charset=UTF-8', BusinessShortCode: txn.shortcode },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      // Drain the body so the socket can be reused; the content does not matter to Daraja.
      await res.arrayBuffer().catch(() => undefined);
      this.options.logger.info(
        { checkout_request_id: txn.checkoutRequestId, status: res.status, phone: maskMsisdn(txn.phoneNumber) },
        'sim.stk.callback.delivered',
      );
    } catch (error) {
      // Real Daraja never redelivers; the gateway has to reconcile by query.
      this.options.logger.warn({ checkout_request_id: txn.checkoutRequestId, err: (error as Error).message }, 'sim.stk.callback.failed');
    }
  }
}

export function callbackBody(txn: SimTransaction, resultDesc: string): object {
  const stkCallback: Record<string, unknown> = {
    MerchantRequestID: txn.merchantRequestId,
    CheckoutRequestID: txn.checkoutRequestId,
    ResultCode: txn.resultCode,
    ResultDesc: resultDesc,
  };
  // Metadata only on success; types as Safaricom sends them: numbers for Amount, date and phone.
  if (txn.resultCode === 0) {
    stkCallback['CallbackMetadata'] = {
      Item: [
        { Name: 'Amount', Value: txn.amount },
        { Name: 'MpesaReceiptNumber', Value: txn.receipt },
        { Name: 'TransactionDate', Value: txn.transactionDate },
        { Name: 'PhoneNumber', Value: Number(txn.phoneNumber) },
      ],
    };
  }
  return { Body: { stkCallback } };
}
