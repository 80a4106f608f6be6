import { invalidField } from '../http/daraja-http.error';
import { asBody } from '../stk/stk-request.validator';

// C2B request validation (docs/daraja.md §5.1–5.2): the first bad field is named in 400.002.02.

const URL_SHAPE = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?(\/\S*)?$/i;
/** Words Safaricom filters out of C2B URLs, in any letter case (docs/daraja.md §5.1). "exe" also covers "exec". */
export const FILTERED_URL_WORDS = ['m-pesa', 'mpesa', 'safaricom', 'exe', 'exec', 'cmd', 'sql', 'query'];
const MSISDN = /^254(7|1)\d{8}$/;
const MAX_AMOUNT_KES = 250_000;
const COMMAND_IDS = ['CustomerPayBillOnline', 'CustomerBuyGoodsOnline'] as const;

export interface RegisterUrlFields {
  shortcode: string;
  responseType: 'Completed' | 'Cancelled';
  confirmationUrl: string;
  validationUrl?: string;
}

export interface C2bSimulateFields {
  shortcode: string;
  commandId: (typeof COMMAND_IDS)[number];
  amount: number;
  msisdn: string;
  billRefNumber: string;
}

function digits(value: unknown): string | null {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return value.trim();
  return null;
}

function shortcodeField(body: Record<string, unknown>): string {
  const value = digits(body['ShortCode']);
  if (value === null || value.length < 5 || value.length > 7) throw invalidField('ShortCode');
  return value;
}

function urlField(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || !URL_SHAPE.test(value)) throw invalidField(field);
  const lower = value.toLowerCase();
  if (FILTERED_URL_WORDS.some((word) => lower.includes(word))) throw invalidField(field);
  return value;
}

export function validateRegisterUrl(raw: unknown): RegisterUrlFields {
  const body = asBody(raw);
  const shortcode = shortcodeField(body);
  const responseType = body['ResponseType'];
  if (responseType !== 'Completed' && responseType !== 'Cancelled') throw invalidField('ResponseType');
  const confirmationUrl = urlField(body, 'ConfirmationURL');
  const hasValidation = body['ValidationURL'] !== undefined && body['ValidationURL'] !== null && body['ValidationURL'] !== '';
  const validationUrl = hasValidation ? urlField(body, 'ValidationURL') : undefined;
  return { shortcode, responseType, confirmationUrl, validationUrl };
}

export function validateC2bSimulate(raw: unknown): C2bSimulateFields {
  const body = asBody(raw);
  const shortcode = shortcodeField(body);
  const commandId = body['CommandID'];
  if (!COMMAND_IDS.includes(commandId as C2bSimulateFields['commandId'])) throw invalidField('CommandID');
  const amountDigits = digits(body['Amount']);
  const amount = amountDigits === null ? NaN : Number(amountDigits);
  if (!(amount >= 1 && amount <= MAX_AMOUNT_KES)) throw invalidField('Amount');
  const msisdn = digits(body['Msisdn']);
  if (msisdn === null || !MSISDN.test(msisdn)) throw invalidField('Msisdn');
  const ref = body['BillRefNumber'];
  let billRefNumber = '';
  if (commandId === 'CustomerPayBillOnline') {
    if (ref === undefined || ref === null) billRefNumber = '';
    else if ((typeof ref === 'string' || typeof ref === 'number') && String(ref).length <= 20) billRefNumber = String(ref);
    else throw invalidField('BillRefNumber');
  }
  return { shortcode, commandId: commandId as C2bSimulateFields['commandId'], amount, msisdn, billRefNumber };
}
