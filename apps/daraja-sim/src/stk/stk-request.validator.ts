import { DarajaHttpError, invalidField } from '../http/daraja-http.error';

// Request validation the way Daraja answers it: the first bad field is named in
// `400.002.02 Bad Request - Invalid <Field>`. Numeric fields accept numbers and numeric strings alike.

const MSISDN = /^254(7|1)\d{8}$/;
// Daraja accepted https://example.invalid/... but rejected a tunnel host with upper-case letters (docs/daraja.md §3.1).
const CALLBACK_URL = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?(\/\S*)?$/;
// The per-transaction cap is not verified (docs/daraja.md §3.1); 250,000 is the highest figure cited.
const MAX_AMOUNT_KES = 250_000;
const TRANSACTION_TYPES = ['CustomerPayBillOnline', 'CustomerBuyGoodsOnline'];

export interface StkPushFields {
  shortcode: string;
  password: string;
  timestamp: string;
  transactionType: string;
  amount: number;
  partyA: string;
  partyB: string;
  phoneNumber: string;
  callbackUrl: string;
  accountReference: string;
}

export interface StkQueryFields {
  shortcode: string;
  password: string;
  timestamp: string;
  checkoutRequestId: string;
}

type Body = Record<string, unknown>;

export function asBody(raw: unknown): Body {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new DarajaHttpError(400, '400.002.05', 'Invalid Request Payload');
  }
  return raw as Body;
}

/** A number or a string of digits, returned as the digit string; anything else is null. */
function digits(value: unknown): string | null {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return value.trim();
  return null;
}

function shortcodeField(body: Body, field: string): string {
  const value = digits(body[field]);
  if (value === null || value.length < 5 || value.length > 7) throw invalidField(field);
  return value;
}

function msisdnField(body: Body, field: string): string {
  const value = digits(body[field]);
  if (value === null || !MSISDN.test(value)) throw invalidField(field);
  return value;
}

function timestampField(body: Body): string {
  const value = body['Timestamp'];
  if (typeof value !== 'string' && typeof value !== 'number') throw invalidField('Timestamp');
  const text = String(value);
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!match) throw invalidField('Timestamp');
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  const parsed = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls 31 February over into March; a real timestamp round-trips unchanged.
  if (parsed.getUTCMonth() !== month - 1 || parsed.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw invalidField('Timestamp');
  }
  return text;
}

function passwordField(body: Body): string {
  const value = body['Password'];
  if (typeof value !== 'string' || value.length === 0) throw invalidField('Password');
  return value;
}

function amountField(body: Body): number {
  const value = body['Amount'];
  let amount: number;
  if (typeof value === 'number') amount = value;
  else if (typeof value === 'string' && /^\d+(\.0+)?$/.test(value.trim())) amount = Number(value);
  else throw invalidField('Amount');
  if (!Number.isInteger(amount) || amount < 1 || amount > MAX_AMOUNT_KES) throw invalidField('Amount');
  return amount;
}

export function validateStkPush(raw: unknown): StkPushFields {
  const body = asBody(raw);
  const shortcode = shortcodeField(body, 'BusinessShortCode');
  const password = passwordField(body);
  const timestamp = timestampField(body);
  const transactionType = body['TransactionType'];
  if (typeof transactionType !== 'string' || !TRANSACTION_TYPES.includes(transactionType)) throw invalidField('TransactionType');
  const amount = amountField(body);
  const partyA = msisdnField(body, 'PartyA');
  const partyB = shortcodeField(body, 'PartyB');
  const phoneNumber = msisdnField(body, 'PhoneNumber');
  const callbackUrl = body['CallBackURL'];
  if (typeof callbackUrl !== 'string' || !CALLBACK_URL.test(callbackUrl)) throw invalidField('CallBackURL');
  const accountReference = body['AccountReference'];
  if (typeof accountReference !== 'string' && typeof accountReference !== 'number') throw invalidField('AccountReference');
  return {
    shortcode,
    password,
    timestamp,
    transactionType,
    amount,
    partyA,
    partyB,
    phoneNumber,
    callbackUrl,
    accountReference: String(accountReference),
  };
}

export function validateStkQuery(raw: unknown): StkQueryFields {
  const body = asBody(raw);
  const shortcode = shortcodeField(body, 'BusinessShortCode');
  const password = passwordField(body);
  const timestamp = timestampField(body);
  const checkoutRequestId = body['CheckoutRequestID'];
  if (typeof checkoutRequestId !== 'string' || checkoutRequestId.length === 0) throw invalidField('CheckoutRequestID');
  return { shortcode, password, timestamp, checkoutRequestId };
}
