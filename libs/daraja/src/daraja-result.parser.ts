import { kesToMinor } from '@lipa/money';
import { InvalidDarajaResultError } from './daraja-result.errors';

type Value = string | number | undefined;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{ Key, Value }` items by Key, never by position; a single object counts as a one-item list (docs/daraja.md §1.3). */
function byKey(container: unknown, listName: string): Map<string, Value> {
  const out = new Map<string, Value>();
  if (!isRecord(container)) return out;
  const raw = container[listName];
  const items = Array.isArray(raw) ? raw : isRecord(raw) ? [raw] : [];
  for (const item of items) {
    if (!isRecord(item) || typeof item['Key'] !== 'string') continue;
    const value = item['Value'];
    out.set(item['Key'], typeof value === 'string' || typeof value === 'number' ? value : undefined);
  }
  return out;
}

function requireId(result: Record<string, unknown>, key: string): string {
  const value = result[key];
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  throw new InvalidDarajaResultError(`Result has no ${key}`);
}

export interface DarajaResultEnvelope {
  originatorConversationId: string;
  conversationId: string;
  transactionId?: string;
  resultType?: number;
  resultCode: string;
  resultDesc: string;
  parameters: Map<string, Value>;
  reference: Map<string, Value>;
}

/** Reads the common `{ Result: … }` envelope; ResultCode may be a number or a string, and alphanumeric. */
export function parseResultEnvelope(body: unknown): DarajaResultEnvelope {
  const result = isRecord(body) ? body['Result'] : undefined;
  if (!isRecord(result)) throw new InvalidDarajaResultError('Body is not a Daraja result (no Result object)');
  const code = result['ResultCode'];
  if (!((typeof code === 'number' && Number.isFinite(code)) || (typeof code === 'string' && code.trim() !== ''))) {
    throw new InvalidDarajaResultError('Result has no ResultCode');
  }
  const type = result['ResultType'];
  const envelope: DarajaResultEnvelope = {
    originatorConversationId: requireId(result, 'OriginatorConversationID'),
    conversationId: requireId(result, 'ConversationID'),
    resultCode: String(code).trim(),
    resultDesc: typeof result['ResultDesc'] === 'string' ? result['ResultDesc'] : '',
    parameters: byKey(result['ResultParameters'], 'ResultParameter'),
    reference: byKey(result['ReferenceData'], 'ReferenceItem'),
  };
  if (typeof result['TransactionID'] === 'string' && result['TransactionID'] !== '') envelope.transactionId = result['TransactionID'];
  if (type !== undefined && type !== '' && Number.isInteger(Number(type))) envelope.resultType = Number(type);
  return envelope;
}

/** A KES amount (number or decimal string) → minor units; present but not an amount is a malformed result. */
export function optionalMinor(values: Map<string, Value>, key: string): bigint | undefined {
  const value = values.get(key);
  if (value === undefined || value === '') return undefined;
  try {
    return kesToMinor(typeof value === 'string' ? value.trim() : value);
  } catch {
    throw new InvalidDarajaResultError(`Result parameter ${key} is not a KES amount`);
  }
}

export function optionalText(values: Map<string, Value>, key: string): string | undefined {
  const value = values.get(key);
  if (value === undefined) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

const EAT_OFFSET_HOURS = 3;

function eatDate(year: number, month: number, day: number, hour: number, minute: number, second: number): Date | undefined {
  const date = new Date(Date.UTC(year, month - 1, day, hour - EAT_OFFSET_HOURS, minute, second));
  const back = new Date(date.getTime() + EAT_OFFSET_HOURS * 3_600_000);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined;
  return date;
}

/** `YYYYMMDDHHmmss` (number or string) or B2C's `DD.MM.YYYY HH:mm:ss`, both Nairobi time, → Date. */
export function optionalEatTime(values: Map<string, Value>, key: string): Date | undefined {
  const text = optionalText(values, key);
  if (text === undefined) return undefined;
  let parts: number[] | undefined;
  const compact = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  const dotted = /^(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (compact) parts = compact.slice(1).map(Number);
  else if (dotted) parts = [dotted[3], dotted[2], dotted[1], dotted[4], dotted[5], dotted[6]].map(Number);
  const date = parts && eatDate(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
  if (!date) throw new InvalidDarajaResultError(`Result parameter ${key} is not a Daraja time`);
  return date;
}

export interface AccountBalanceLine {
  name: string;
  currency: string;
  availableMinor: bigint;
  currentMinor: bigint;
  reservedMinor: bigint;
  unclearedMinor: bigint;
}

/** `Working Account|KES|700000.00|700000.00|0.00|0.00&Utility Account|KES|…` (docs/daraja.md §7). */
export function parseBalanceString(text: string): AccountBalanceLine[] {
  return text
    .split('&')
    .filter((part) => part.trim() !== '')
    .map((part) => {
      const fields = part.split('|').map((field) => field.trim());
      if (fields.length !== 6 || fields[0] === '' || fields[1] === '') {
        throw new InvalidDarajaResultError(`Balance entry ${JSON.stringify(part)} is not Name|Currency|4 amounts`);
      }
      try {
        return {
          name: fields[0],
          currency: fields[1],
          availableMinor: kesToMinor(fields[2]),
          currentMinor: kesToMinor(fields[3]),
          reservedMinor: kesToMinor(fields[4]),
          unclearedMinor: kesToMinor(fields[5]),
        };
      } catch {
        throw new InvalidDarajaResultError(`Balance entry ${JSON.stringify(part)} has an amount that is not KES`);
      }
    });
}

export interface ParsedAccountBalanceResult extends Omit<DarajaResultEnvelope, 'parameters' | 'reference'> {
  accounts: AccountBalanceLine[];
  completedAt?: Date;
}

export function parseAccountBalanceResult(body: unknown): ParsedAccountBalanceResult {
  const { parameters, reference: _reference, ...envelope } = parseResultEnvelope(body);
  const balance = parameters.get('AccountBalance');
  if (balance !== undefined && typeof balance !== 'string') throw new InvalidDarajaResultError('AccountBalance is not a string');
  const parsed: ParsedAccountBalanceResult = { ...envelope, accounts: balance ? parseBalanceString(balance) : [] };
  const completedAt = optionalEatTime(parameters, 'BOCompletedTime');
  if (completedAt) parsed.completedAt = completedAt;
  return parsed;
}

export interface ParsedB2cResult extends Omit<DarajaResultEnvelope, 'parameters' | 'reference'> {
  amountMinor?: bigint;
  receipt?: string;
  receiverName?: string;
  completedAt?: Date;
  utilityAvailableMinor?: bigint;
  workingAvailableMinor?: bigint;
  chargesPaidAvailableMinor?: bigint;
  recipientRegistered?: boolean;
}

export function parseB2cResult(body: unknown): ParsedB2cResult {
  const { parameters: p, reference: _reference, ...envelope } = parseResultEnvelope(body);
  const parsed: ParsedB2cResult = { ...envelope };
  const set = <K extends keyof ParsedB2cResult>(key: K, value: ParsedB2cResult[K] | undefined) => {
    if (value !== undefined) parsed[key] = value;
  };
  set('amountMinor', optionalMinor(p, 'TransactionAmount'));
  set('receipt', optionalText(p, 'TransactionReceipt'));
  set('receiverName', optionalText(p, 'ReceiverPartyPublicName'));
  set('completedAt', optionalEatTime(p, 'TransactionCompletedDateTime'));
  set('utilityAvailableMinor', optionalMinor(p, 'B2CUtilityAccountAvailableFunds'));
  set('workingAvailableMinor', optionalMinor(p, 'B2CWorkingAccountAvailableFunds'));
  set('chargesPaidAvailableMinor', optionalMinor(p, 'B2CChargesPaidAccountAvailableFunds'));
  const registered = optionalText(p, 'B2CRecipientIsRegisteredCustomer');
  if (registered !== undefined) {
    if (registered !== 'Y' && registered !== 'N') throw new InvalidDarajaResultError('B2CRecipientIsRegisteredCustomer is not Y or N');
    parsed.recipientRegistered = registered === 'Y';
  }
  return parsed;
}
