import { createHash } from 'node:crypto';

// Daraja timestamps are YYYYMMDDHHmmss. Safaricom documents Nairobi time (EAT, UTC+3, no DST) but accepts
// any parseable value as long as the Password was built from the very same string (docs/daraja.md §3.1, §16),
// so callers must build the timestamp once and pass it to both.
const EAT_OFFSET_MS = 3 * 60 * 60 * 1000;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** `YYYYMMDDHHmmss` in Nairobi time. */
export function darajaTimestamp(date: Date = new Date()): string {
  const eat = new Date(date.getTime() + EAT_OFFSET_MS);
  return (
    `${eat.getUTCFullYear()}${pad(eat.getUTCMonth() + 1)}${pad(eat.getUTCDate())}` +
    `${pad(eat.getUTCHours())}${pad(eat.getUTCMinutes())}${pad(eat.getUTCSeconds())}`
  );
}

/** `base64(shortcode + passkey + timestamp)`, plain string concatenation. */
export function stkPassword(shortcode: string | number, passkey: string, timestamp: string): string {
  return Buffer.from(`${shortcode}${passkey}${timestamp}`, 'utf8').toString('base64');
}

/** Stable, non-reversible id for a secret, used in Redis keys so the key itself never reveals it. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
