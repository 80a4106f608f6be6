import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Safaricom's callbacks are not signed, so each callback URL carries an unguessable token: the id it is
 * about plus an HMAC of it under a secret shared by stk-service (which makes the URL) and callback-ingest
 * (which checks it). Nothing has to be stored to check one, and a forged or edited path is refused.
 */
const MAC_LENGTH = 32;

function mac(secret: string, kind: string, id: string): string {
  return createHmac('sha256', secret).update(`${kind}:${id}`).digest('base64url').slice(0, MAC_LENGTH);
}

export function signCallbackToken(secret: string, kind: string, id: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error('callback token ids must be url-safe');
  return `${id}.${mac(secret, kind, id)}`;
}

/** The id the token was made for, or null when the token is malformed or its MAC does not match. */
export function verifyCallbackToken(secret: string, kind: string, token: string): string | null {
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!match) return null;
  const [, id, given] = match;
  const expected = Buffer.from(mac(secret, kind, id));
  return timingSafeEqual(expected, Buffer.from(given)) ? id : null;
}
