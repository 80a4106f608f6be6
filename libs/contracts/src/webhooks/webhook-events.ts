import type { ApiMode } from '../common';

/**
 * The delivery contract merchants' receivers see (docs/design.md §6, docs/webhooks.md). Every
 * webhook body is `{type, id, created_at, mode, data}`; the dispatcher serialises it once, when the
 * delivery is created, and every attempt signs and sends those bytes unchanged.
 */
export const WEBHOOK_EVENT_TYPES = [
  'payment.completed',
  'payment.failed',
  'payout.completed',
  'payout.failed',
  'c2b.received',
  'balance.result',
  'transaction_status.result',
  'reversal.completed',
  'reversal.failed',
  'endpoint.disabled',
  'webhook.test',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** What an endpoint's `events` filter may name: every type but `webhook.test`, which goes only to the endpoint tested. */
export const SUBSCRIBABLE_WEBHOOK_EVENT_TYPES = WEBHOOK_EVENT_TYPES.filter((t) => t !== 'webhook.test');

export interface WebhookEventBody<D = unknown> {
  /** The event type, e.g. `payment.completed`. */
  type: WebhookEventType;
  /** The event id, also sent as `webhook-id`: the same on every attempt and replay, so receivers de-duplicate on it. */
  id: string;
  /** When the event happened (ISO 8601, UTC). */
  created_at: string;
  /** `test` events come only from test credentials and go only to test endpoints; `live` likewise. */
  mode: ApiMode;
  data: D;
}

/** `data` of payment.completed / payment.failed; KES as a number at this edge. */
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
  payment_id: string | null;
  created_at: string;
  completed_at: string;
}

/** `data` of endpoint.disabled, sent to the merchant's other endpoints of the same mode. */
export interface EndpointDisabledWebhookData {
  endpoint_id: string;
  url: string;
  /** `failing` (every attempt failed for WEBHOOK_DISABLE_AFTER_MS) or `gone` (the receiver answered 410). */
  reason: 'failing' | 'gone';
  failing_since: string | null;
  disabled_at: string;
}

/** `data` of webhook.test. */
export interface WebhookTestData {
  endpoint_id: string;
  message: string;
}
