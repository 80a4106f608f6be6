import type { ApiMode, PaymentCompletedV1, PaymentFailedV1, PaymentInitiatedV1, PaymentStatus, TopUpWallet, TransactionView } from '@lipa/contracts';
import type { StkTransactionType } from '@lipa/daraja';
import { minorToKes } from '@lipa/money';

export type StkTransactionStatus = 'initiating' | 'unknown' | PaymentStatus;

export interface StkTransaction {
  id: string;
  merchantId: string;
  mode: ApiMode;
  status: StkTransactionStatus;
  amountMinor: bigint;
  phone: string;
  reference: string;
  description: string | null;
  callbackUrl: string | null;
  idempotencyKey: string | null;
  /** The stk.push.initiate envelope that created it: a redelivery finds this row. */
  commandId: string | null;
  /** The payment account (`#00001`); null for the platform's paybill. */
  paymentId: string | null;
  /** What the push named, so the STK query can name it too; null on rows from before (the platform's paybill). */
  businessShortCode: string | null;
  partyB: string | null;
  transactionType: StkTransactionType | null;
  /** The merchant's own Daraja app, sealed as api-gateway sent it; null for the platform's app. */
  darajaAppSealed: string | null;
  /** A top-up of this merchant wallet (to the platform's paybill, no fee); null for an ordinary sale. */
  topUpWallet: TopUpWallet | null;
  checkoutRequestId: string | null;
  merchantRequestId: string | null;
  resultCode: string | null;
  resultDesc: string | null;
  transactionCode: string | null;
  feeMinor: bigint;
  correlationId: string | null;
  createdAt: Date;
  completedAt: Date | null;
}

export const FINAL_STATUSES: StkTransactionStatus[] = ['completed', 'failed', 'cancelled', 'timeout'];

export function isFinal(status: StkTransactionStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

/** Our internal 'initiating' and 'unknown' are still pending to a merchant: the prompt may yet be answered. */
export function publicStatus(status: StkTransactionStatus): PaymentStatus {
  return status === 'initiating' || status === 'unknown' ? 'pending' : status;
}

export function toTransactionView(txn: StkTransaction): TransactionView {
  return {
    transaction_id: txn.id,
    type: txn.topUpWallet ? 'top_up' : 'stk_push',
    mode: txn.mode,
    status: publicStatus(txn.status),
    amount: minorToKes(txn.amountMinor),
    currency: 'KES',
    phone: txn.phone,
    reference: txn.reference,
    description: txn.description,
    checkout_request_id: txn.checkoutRequestId,
    merchant_request_id: txn.merchantRequestId,
    result_code: txn.resultCode,
    result_desc: txn.resultDesc,
    transaction_code: txn.transactionCode,
    fee_amount: minorToKes(txn.feeMinor),
    // Taken from the service wallet when the payment completed (ledger-service posts the hold on payment.completed).
    fee_deducted: txn.status === 'completed' && txn.feeMinor > 0n,
    payment_id: txn.paymentId,
    created_at: txn.createdAt.toISOString(),
    completed_at: txn.completedAt?.toISOString() ?? null,
  };
}

/** The event a settled payment publishes; completed and failed payments share every field but the receipt. */
export function toPaymentEvent(txn: StkTransaction): { type: string; payload: PaymentCompletedV1 | PaymentFailedV1 } {
  if (!isFinal(txn.status) || !txn.completedAt) throw new Error(`transaction ${txn.id} is not settled`);
  const common = {
    transaction_id: txn.id,
    merchant_id: txn.merchantId,
    mode: txn.mode,
    amount_minor: txn.amountMinor.toString(),
    currency: 'KES' as const,
    phone: txn.phone,
    reference: txn.reference,
    description: txn.description ?? undefined,
    checkout_request_id: txn.checkoutRequestId ?? '',
    merchant_request_id: txn.merchantRequestId ?? '',
    result_code: txn.resultCode ?? '',
    result_desc: txn.resultDesc ?? '',
    created_at: txn.createdAt.toISOString(),
    completed_at: txn.completedAt.toISOString(),
    ...(txn.businessShortCode ? { business_short_code: txn.businessShortCode } : {}),
    ...(txn.paymentId ? { payment_id: txn.paymentId } : {}),
    ...(txn.topUpWallet ? { top_up_wallet: txn.topUpWallet } : {}),
    // The push's own callback_url: webhook-dispatcher delivers this payment's webhook there too.
    ...(txn.callbackUrl ? { callback_url: txn.callbackUrl } : {}),
  };
  if (txn.status === 'completed') {
    return { type: 'payment.completed', payload: { ...common, status: 'completed', transaction_code: txn.transactionCode ?? '' } };
  }
  return { type: 'payment.failed', payload: { ...common, status: txn.status as PaymentFailedV1['status'] } };
}

/** What an accepted push publishes (payment.initiated): the payment as it stands before its outcome. */
export function toInitiatedEvent(txn: StkTransaction): { type: 'payment.initiated'; payload: PaymentInitiatedV1 } {
  if (txn.status !== 'pending' || !txn.checkoutRequestId) throw new Error(`transaction ${txn.id} is not an accepted push`);
  return {
    type: 'payment.initiated',
    payload: {
      transaction_id: txn.id,
      merchant_id: txn.merchantId,
      mode: txn.mode,
      status: 'pending',
      amount_minor: txn.amountMinor.toString(),
      currency: 'KES',
      phone: txn.phone,
      reference: txn.reference,
      description: txn.description ?? undefined,
      checkout_request_id: txn.checkoutRequestId,
      merchant_request_id: txn.merchantRequestId ?? '',
      created_at: txn.createdAt.toISOString(),
      fee_minor: txn.feeMinor.toString(),
      ...(txn.businessShortCode ? { business_short_code: txn.businessShortCode } : {}),
      ...(txn.paymentId ? { payment_id: txn.paymentId } : {}),
      ...(txn.topUpWallet ? { top_up_wallet: txn.topUpWallet } : {}),
    },
  };
}
