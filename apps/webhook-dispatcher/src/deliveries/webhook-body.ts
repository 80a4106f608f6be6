import type { ApiMode, PaymentCompletedV1, PaymentFailedV1, PaymentWebhookData, WebhookEventBody, WebhookEventType } from '@lipa/contracts';
import { minorToKes } from '@lipa/money';
import { Webhook } from 'standardwebhooks';

/**
 * The bytes a delivery stores and every attempt sends: `{type, id, created_at, mode, data}` in that
 * order, serialised once, when the delivery is created (docs/design.md §6).
 */
export function serialiseWebhookBody<D>(body: WebhookEventBody<D>): string {
  const ordered: WebhookEventBody<D> = { type: body.type, id: body.id, created_at: body.created_at, mode: body.mode, data: body.data };
  return JSON.stringify(ordered);
}

export function webhookBody<D>(type: WebhookEventType, id: string, createdAt: string, mode: ApiMode, data: D): WebhookEventBody<D> {
  return { type, id, created_at: createdAt, mode, data };
}

/** `data` of payment.completed / payment.failed; KES as a number at this edge. */
export function paymentWebhookData(payment: PaymentCompletedV1 | PaymentFailedV1): PaymentWebhookData {
  return {
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
    payment_id: payment.payment_id ?? null,
    created_at: payment.created_at,
    completed_at: payment.completed_at,
  };
}

/**
 * Standard Webhooks' `webhook-signature`: one `v1,<base64>` per secret that signs now (the current
 * one and, during a rotation's overlap, the previous one), space-separated. Receivers accept the
 * message when any of them verifies with their secret.
 */
export function signWebhook(secrets: readonly string[], eventId: string, timestamp: Date, body: string): string {
  if (secrets.length === 0) throw new Error('no secret to sign with');
  return secrets.map((secret) => new Webhook(secret).sign(eventId, timestamp, body)).join(' ');
}

export const WEBHOOK_USER_AGENT = 'Lipa-Webhooks/1.0';

/** Standard Webhooks headers; `signature` from signWebhook. */
export function webhookHeaders(eventId: string, timestamp: Date, signature: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': WEBHOOK_USER_AGENT,
    'webhook-id': eventId,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': signature,
  };
}
