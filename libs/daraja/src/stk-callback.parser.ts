import { InvalidStkCallbackError } from './daraja.errors';
import { ParsedStkCallback, StkCallbackItem } from './daraja.types';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(source: Record<string, unknown>, key: string): string {
  const value = source[key];
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new InvalidStkCallbackError(`STK callback has no ${key}`);
}

/** Items are matched by Name, never by position: Safaricom does not keep an order (docs/daraja.md §3.3). */
function itemsByName(metadata: unknown): Map<string, StkCallbackItem['Value']> {
  const byName = new Map<string, StkCallbackItem['Value']>();
  if (!isRecord(metadata)) return byName;
  const raw = metadata['Item'];
  // A single item has been seen as an object rather than an array in other Daraja result bodies.
  const items = Array.isArray(raw) ? raw : isRecord(raw) ? [raw] : [];
  for (const item of items) {
    if (isRecord(item) && typeof item['Name'] === 'string') {
      byName.set(item['Name'], item['Value'] as StkCallbackItem['Value']);
    }
  }
  return byName;
}

function asOptionalString(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  // 14-digit dates and 12-digit MSISDNs are below 2^53, so String() keeps every digit.
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function asOptionalNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** Reads an STK callback body (`Body.stkCallback`), tolerant of the type drift seen in real traffic. */
export function parseStkCallback(body: unknown): ParsedStkCallback {
  const callback = isRecord(body) && isRecord(body['Body']) ? body['Body']['stkCallback'] : undefined;
  if (!isRecord(callback)) throw new InvalidStkCallbackError('Body is not an STK callback (no Body.stkCallback)');

  const resultCodeRaw = callback['ResultCode'];
  if (typeof resultCodeRaw !== 'number' && (typeof resultCodeRaw !== 'string' || resultCodeRaw.trim() === '')) {
    throw new InvalidStkCallbackError('STK callback has no ResultCode');
  }

  const items = itemsByName(callback['CallbackMetadata']);
  const parsed: ParsedStkCallback = {
    merchantRequestId: requireString(callback, 'MerchantRequestID'),
    checkoutRequestId: requireString(callback, 'CheckoutRequestID'),
    resultCode: String(resultCodeRaw).trim(),
    resultDesc: typeof callback['ResultDesc'] === 'string' ? callback['ResultDesc'] : '',
  };
  const amount = asOptionalNumber(items.get('Amount'));
  if (amount !== undefined) parsed.amount = amount;
  const receipt = asOptionalString(items.get('MpesaReceiptNumber'));
  if (receipt !== undefined) parsed.mpesaReceiptNumber = receipt;
  const transactionDate = asOptionalString(items.get('TransactionDate'));
  if (transactionDate !== undefined) parsed.transactionDate = transactionDate;
  const phoneNumber = asOptionalString(items.get('PhoneNumber'));
  if (phoneNumber !== undefined) parsed.phoneNumber = phoneNumber;
  return parsed;
}
