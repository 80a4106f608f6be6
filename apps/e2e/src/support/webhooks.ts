import type { ReceivedRequest } from '@lipa/testing';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  id: string;
  type: string;
  data: Record<string, any>;
  request: ReceivedRequest;
}

/** The webhooks a receiver got, each checked against the endpoint's secret like a merchant would. */
export function verifiedWebhooks(requests: ReceivedRequest[], secret: string): ReceivedWebhook[] {
  const verifier = new Webhook(secret);
  return requests.map((request) => {
    const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
    const event = verifier.verify(request.body, headers) as { id: string; type: string; data: Record<string, any> };
    return { id: String(request.headers['webhook-id']), type: event.type, data: event.data, request };
  });
}

export function webhooksFor(webhooks: ReceivedWebhook[], transactionId: string): ReceivedWebhook[] {
  return webhooks.filter((w) => w.data.transaction_id === transactionId);
}
