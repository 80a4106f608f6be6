// Safaricom mobile numbers: 2547XXXXXXXX (the classic range) and 2541XXXXXXXX (the 01xx range opened in 2019).
// Daraja accepts only the 12-digit international form without '+', so everything is normalised to it.
const MSISDN_PATTERN = /^254[71]\d{8}$/;

/**
 * Normalises a Kenyan mobile number to `2547XXXXXXXX` / `2541XXXXXXXX`, or returns null.
 * Accepts local (`07…`, `01…`), bare (`7…`, `1…`) and international (`+254…`, `254…`) forms,
 * with spaces and dashes. Landlines, other countries and wrong lengths give null.
 */
export function normalizeMsisdn(input: string): string | null {
  if (typeof input !== 'string') return null;
  let digits = input.trim().replace(/[\s-]/g, '');
  if (digits.startsWith('+')) {
    digits = digits.slice(1);
    // A '+' only makes sense in front of a country code.
    if (!digits.startsWith('254')) return null;
  }
  if (!/^\d+$/.test(digits)) return null;

  let candidate: string;
  if (digits.length === 12 && digits.startsWith('254')) candidate = digits;
  else if (digits.length === 10 && digits.startsWith('0')) candidate = `254${digits.slice(1)}`;
  else if (digits.length === 9) candidate = `254${digits}`;
  else return null;

  return MSISDN_PATTERN.test(candidate) ? candidate : null;
}

/** True when the value is already in Daraja's `2547…`/`2541…` form. */
export function isNormalizedMsisdn(value: string): boolean {
  return MSISDN_PATTERN.test(value);
}

/**
 * Masks a phone number for logs: keeps the first 4 and last 2 characters (`2547******78`).
 * Short or odd values are masked entirely so nothing leaks by accident.
 */
export function maskMsisdn(msisdn: string): string {
  const value = String(msisdn ?? '');
  if (value.length < 8) return '*'.repeat(value.length);
  return `${value.slice(0, 4)}${'*'.repeat(value.length - 6)}${value.slice(-2)}`;
}
