import { Counter, register } from 'prom-client';

function counter<L extends string>(name: string, help: string, labelNames: L[]): Counter<L> {
  return (register.getSingleMetric(name) as Counter<L> | undefined) ?? new Counter({ name, help, labelNames });
}

/** `outcome`: delivered | failed (any other answer, a timeout, a connection error) | refused (destination not allowed). */
export const webhookAttempts = () => counter('lipa_webhook_attempts_total', 'Webhook delivery attempts by outcome', ['outcome']);

/** `reason`: gone (a 410) | failing (every attempt failed for WEBHOOK_DISABLE_AFTER_MS). */
export const endpointsDisabled = () => counter('lipa_webhook_endpoints_disabled_total', 'Webhook endpoints disabled by the dispatcher, by reason', ['reason']);

/** `reason`: ordering | concurrency | breaker. An attempt put off without being made. */
export const webhookDeferrals = () => counter('lipa_webhook_deferrals_total', 'Webhook attempts deferred without being made, by reason', ['reason']);
