import { stkStatusFromResultCode } from '@lipa/daraja';
import { Outbox, newEnvelope } from '@lipa/messaging';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { isFinal, toPaymentEvent } from './stk-transaction';
import { StkTransactionRepository } from './stk-transaction.repository';

export interface StkOutcome {
  transactionId: string;
  checkoutRequestId: string;
  merchantRequestId: string;
  resultCode: string;
  resultDesc: string;
  mpesaReceiptNumber?: string;
  correlationId: string;
}

/**
 * Moves a payment to its final status and publishes payment.completed or payment.failed in the same
 * transaction. The row lock makes a callback and a reconciliation query race safely: the second sees a
 * final status and does nothing, so each payment publishes exactly one outcome.
 */
@Injectable()
export class SettleStkPayment {
  private readonly logger = new Logger(SettleStkPayment.name);

  constructor(
    private readonly transactions: StkTransactionRepository,
    private readonly outbox: Outbox,
  ) {}

  async execute(tx: EntityManager, outcome: StkOutcome): Promise<'settled' | 'ignored'> {
    const txn = await this.transactions.lock(tx, outcome.transactionId);
    if (!txn) {
      this.logger.warn({ msg: 'stk.settle.unknown_transaction', transaction_id: outcome.transactionId });
      return 'ignored';
    }
    if (txn.checkoutRequestId && txn.checkoutRequestId !== outcome.checkoutRequestId) {
      this.logger.warn({ msg: 'stk.settle.checkout_mismatch', transaction_id: txn.id, checkout_request_id: outcome.checkoutRequestId });
      return 'ignored';
    }
    if (isFinal(txn.status)) return 'ignored';

    const status = stkStatusFromResultCode(outcome.resultCode);
    if (status === 'pending') return 'ignored';

    const settled = await this.transactions.settle(
      tx,
      txn.id,
      {
        status,
        resultCode: outcome.resultCode,
        resultDesc: outcome.resultDesc,
        transactionCode: status === 'completed' ? (outcome.mpesaReceiptNumber ?? null) : null,
      },
      { checkoutRequestId: outcome.checkoutRequestId, merchantRequestId: outcome.merchantRequestId },
    );
    const event = toPaymentEvent(settled);
    // The merchant's original request id follows the payment to the ledger and the webhook.
    const correlationId = settled.correlationId ?? outcome.correlationId;
    await this.outbox.add(tx, newEnvelope(event.type, event.payload, { correlationId, merchantId: settled.merchantId }));
    this.logger.log({ msg: 'stk.payment.settled', transaction_id: settled.id, status, result_code: outcome.resultCode, correlation_id: correlationId });
    return 'settled';
  }
}
