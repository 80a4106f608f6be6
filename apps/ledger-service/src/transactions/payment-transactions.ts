import type { PaymentCompletedV1, PaymentFailedV1, PaymentInitiatedV1 } from '@lipa/contracts';
import { parseMinor } from '@lipa/money';
import type { EndedTransaction, InitiatedTransaction } from './transaction.repository';

/** What an STK payment's events say of its row in the transactions read model. */
function facts(payment: PaymentInitiatedV1 | PaymentCompletedV1 | PaymentFailedV1) {
  return {
    merchantId: payment.merchant_id,
    mode: payment.mode,
    transactionId: payment.transaction_id,
    // A top-up of the merchant's own wallet is its own kind of money movement.
    type: payment.top_up_wallet ? 'top_up' : 'stk_push',
    amountMinor: parseMinor(payment.amount_minor),
    phone: payment.phone,
    reference: payment.reference,
    paymentId: payment.payment_id ?? null,
    createdAt: payment.created_at,
  };
}

export function initiatedTransaction(payment: PaymentInitiatedV1): InitiatedTransaction {
  return { ...facts(payment), feeMinor: parseMinor(payment.fee_minor) };
}

/**
 * `postedFeeMinor`: what the fee hold posted on completion (SettleTransactionFee.post), null when
 * nothing was posted (no fee, a failure, or a hold that expired first): then the fee is not deducted
 * and the initiation's fee_minor stands.
 */
export function endedTransaction(payment: PaymentCompletedV1 | PaymentFailedV1, postedFeeMinor: bigint | null): EndedTransaction {
  return {
    ...facts(payment),
    status: payment.status,
    transactionCode: payment.status === 'completed' ? (payment as PaymentCompletedV1).transaction_code || null : null,
    feeMinor: postedFeeMinor,
    feeDeducted: postedFeeMinor !== null && postedFeeMinor > 0n,
    completedAt: payment.completed_at,
  };
}
