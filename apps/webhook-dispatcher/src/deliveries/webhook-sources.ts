import { type ApiMode, PaymentCompletedV1, PaymentFailedV1, type WebhookEventType } from '@lipa/contracts';
import { paymentWebhookData } from './webhook-body';

/**
 * One domain event the dispatcher turns into webhooks. Adding an event type (payout.*, c2b.received,
 * …) is adding one entry to WEBHOOK_SOURCES: the consumer subscribes to every entry, and fan-out,
 * storage, signing, retries, ordering and replay are the same for all of them.
 */
export interface WebhookSource<E extends object = object> {
  /** The domain event consumed; the webhook merchants receive has the same type. */
  type: WebhookEventType;
  /** Validated on receipt (parseContract). */
  contract: new () => E;
  merchantId(event: E): string;
  mode(event: E): ApiMode;
  /** The body's `data`. */
  toData(event: E): unknown;
  /** Deliveries with the same key reach a destination in event order (the transaction id); null: no order. */
  orderingKey(event: E): string | null;
  /** The transaction's own callback URL (signed with the merchant's signing secret), or null. */
  callbackUrl(event: E): string | null;
}

function source<E extends object>(s: WebhookSource<E>): WebhookSource {
  return s as unknown as WebhookSource;
}

const payment = <E extends PaymentCompletedV1 | PaymentFailedV1>(type: 'payment.completed' | 'payment.failed', contract: new () => E) =>
  source<E>({
    type,
    contract,
    merchantId: (e) => e.merchant_id,
    mode: (e) => e.mode,
    toData: (e) => paymentWebhookData(e),
    orderingKey: (e) => e.transaction_id,
    callbackUrl: (e) => e.callback_url ?? null,
  });

export const WEBHOOK_SOURCES: readonly WebhookSource[] = [
  payment(PaymentCompletedV1.type as 'payment.completed', PaymentCompletedV1),
  payment(PaymentFailedV1.type as 'payment.failed', PaymentFailedV1),
];
