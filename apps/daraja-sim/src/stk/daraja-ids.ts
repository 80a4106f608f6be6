import { randomBytes, randomInt } from 'node:crypto';
import { darajaTimestamp } from '@lipa/daraja';

// Identifier shapes as Daraja issues them today (docs/daraja.md §1.4), so clients that parse or store them
// meet realistic values offline.

const EAT_OFFSET_MS = 3 * 60 * 60 * 1000;
const RECEIPT_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const DAY_CHARS = '123456789ABCDEFGHIJKLMNOPQRSTUV';

let merchantCounter = 10;

/** `2654-4b64-97ff-b827b542881d3130`: three 4-hex groups, then 12 hex and a 2–7 digit counter. */
export function merchantRequestId(): string {
  const hex = randomBytes(12).toString('hex');
  merchantCounter = merchantCounter >= 9_999_999 ? 10 : merchantCounter + 1;
  return `${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 24)}${merchantCounter}`;
}

/** `ws_CO_` + DDMMYYYYHHmmss in Nairobi time + the millisecond (1–3 digits) + the payer's last 9 digits. */
export function checkoutRequestId(at: Date, msisdn: string): string {
  const ts = darajaTimestamp(at); // YYYYMMDDHHmmss, EAT
  const ddmmyyyy = `${ts.slice(6, 8)}${ts.slice(4, 6)}${ts.slice(0, 4)}`;
  return `ws_CO_${ddmmyyyy}${ts.slice(8)}${at.getUTCMilliseconds()}${msisdn.slice(-9)}`;
}

/**
 * A 10-character receipt: 1st char the year (A = 2006, so U = 2026), 2nd the month (A = January),
 * 3rd the day (1–9, then A = 10 … V = 31), then 7 random characters.
 */
export function mpesaReceiptNumber(at: Date): string {
  const eat = new Date(at.getTime() + EAT_OFFSET_MS);
  const year = String.fromCharCode(64 + (eat.getUTCFullYear() - 2005));
  const month = String.fromCharCode(65 + eat.getUTCMonth());
  const day = DAY_CHARS[eat.getUTCDate() - 1];
  let rest = '';
  for (let i = 0; i < 7; i += 1) rest += RECEIPT_ALPHABET[randomInt(RECEIPT_ALPHABET.length)];
  return `${year}${month}${day}${rest}`;
}

/** A Daraja access token: 28 alphanumeric characters. */
export function accessToken(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let token = '';
  for (let i = 0; i < 28; i += 1) token += alphabet[randomInt(alphabet.length)];
  return token;
}
