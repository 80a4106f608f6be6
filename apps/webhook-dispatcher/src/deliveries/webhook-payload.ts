import type { PaymentCompletedV1, PaymentFailedV1 } from '@lipa/contracts';
import { minorToKes } from '@lipa/money';

/** The `data` merchants receive for payment.completed / payment.failed; KES as a number at this edge. */
export interface PaymentWebhookData {
  transaction_id: string;
  status: string;
  amount: number;
  currency: string;
  phone: string;
  reference: string;
  description: string | null;
  transaction_code: string | null;
  result_code: string;
  result_desc: string;
  checkout_request_id: string;
  merchant_request_id: string;
  created_at: string;
  completed_at: string;
}

export interface WebhookBody<D = PaymentWebhookData> {
  id: string;
  type: string;
  created_at: string;
  data: D;
}

// Re-exported so this file's spec keeps checking the conversion the payload actually uses.
export { minorToKes };

export function buildPaymentWebhookBody(event: { id: string; type: string; occurred_at: string }, payment: PaymentCompletedV1 | PaymentFailedV1): WebhookBody {
  return canonicalWebhookBody({
    id: event.id,
    type: event.type,
    created_at: event.occurred_at,
    data: {
      transaction_id: payment.transaction_id,
      status: payment.status,
      amount: minorToKes(payment.amount_minor),
      currency: payment.currency,
      phone: payment.phone,
      reference: payment.reference,
      description: payment.description ?? null,
      transaction_code: 'transaction_code' in payment ? payment.transaction_code : null,
      result_code: payment.result_code,
      result_desc: payment.result_desc,
      checkout_request_id: payment.checkout_request_id,
      merchant_request_id: payment.merchant_request_id,
      created_at: payment.created_at,
      completed_at: payment.completed_at,
    },
  });
}

/**
 * The body in its documented field order. Deliveries keep the body in a jsonb column, which does not
 * keep key order; this puts it back before each attempt so merchants always see the same shape.
 */
export function canonicalWebhookBody(body: WebhookBody): WebhookBody {
  const d = body.data;
  return {
    id: body.id,
    type: body.type,
    created_at: body.created_at,
    data: {
      transaction_id: d.transaction_id,
      status: d.status,
      amount: d.amount,
      currency: d.currency,
      phone: d.phone,
      reference: d.reference,
      description: d.description,
      transaction_code: d.transaction_code,
      result_code: d.result_code,
      result_desc: d.result_desc,
      checkout_request_id: d.checkout_request_id,
      merchant_request_id: d.merchant_request_id,
      created_at: d.created_at,
      completed_at: d.completed_at,
    },
  };
}

export const WEBHOOK_USER_AGENT = 'Lipa-Webhooks/1.0';

/** Standard Webhooks headers; `signature` comes from `new Webhook(secret).sign(id, timestamp, body)`. */
export function webhookHeaders(eventId: string, timestamp: Date, signature: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': WEBHOOK_USER_AGENT,
    'webhook-id': eventId,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': signature,
  };
}
