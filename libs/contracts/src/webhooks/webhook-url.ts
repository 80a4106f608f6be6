import type { ApiMode } from '../common';

/** Longest URL an endpoint (or a push's callback_url) may have. */
export const MAX_WEBHOOK_URL_LENGTH = 2048;

/**
 * Why `text` cannot be a webhook URL of an endpoint in `mode`, as a message for the merchant, or
 * null when it can: absolute http(s) with a host, no user name or password, at most 2048
 * characters, and https for live endpoints. Whether its host resolves to an address deliveries may
 * reach is decided at each attempt (DNS can change): see WebhookHttpClient.
 */
export function webhookUrlProblem(text: string, mode: ApiMode): string | null {
  if (text.length > MAX_WEBHOOK_URL_LENGTH) return `The webhook URL must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'The webhook URL must be an absolute http or https URL';
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname.length === 0) return 'The webhook URL must be an absolute http or https URL';
  if (url.username !== '' || url.password !== '') return 'The webhook URL must not contain a user name or password';
  if (mode === 'live' && url.protocol !== 'https:') return 'A live webhook URL must use https';
  return null;
}
