// Money is bigint minor units (cents) inside the system; KES numbers exist only at the API edge
// (docs/design.md §4, docs/style.md "Naming"). Floats cannot represent most cents exactly (0.1 + 0.2),
// so conversion from a number tolerates representation noise far below a cent but refuses genuinely
// finer amounts such as 1.005.
const REPRESENTATION_TOLERANCE = 1e-6;
// Beyond this, a double no longer resolves single cents.
const MAX_EXACT_KES = Number.MAX_SAFE_INTEGER / 100;

/** Postgres `bigint` is signed 64-bit: no amount or balance may leave that range. */
export const MAX_MINOR = 2n ** 63n - 1n;

const MINOR_WIRE = /^-?\d{1,19}$/;
const KES_STRING = /^-?\d{1,17}(\.\d{1,2})?$/;

export class InvalidAmountError extends Error {
  readonly code = 'invalid_amount';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAmountError';
  }
}

/**
 * A wire amount of minor units (`"150000"`, as events and RPC replies carry them) as bigint. Strict:
 * digits with an optional leading '-', nothing else (no '+', decimals, exponent, hex or whitespace,
 * all of which `BigInt()` or `Number()` would accept), within the 64-bit range.
 */
export function parseMinor(value: string): bigint {
  if (typeof value !== 'string' || !MINOR_WIRE.test(value)) {
    throw new InvalidAmountError(`${JSON.stringify(value)} is not an integer amount of minor units`);
  }
  const minor = BigInt(value);
  if (minor > MAX_MINOR || minor < -MAX_MINOR) throw new InvalidAmountError(`${value} minor units is outside the 64-bit range`);
  return minor;
}

function toMinor(minor: bigint | string): bigint {
  if (typeof minor === 'bigint') return minor;
  return parseMinor(minor);
}

/**
 * KES (whole or with at most 2 decimals) → minor units. A number must be finite and within float
 * precision of a cent; a string must be plain decimal (`"1250"`, `"1250.5"`, `"-5.25"`; no `"1,250"`,
 * `"1e3"` or spaces). Anything finer than a cent throws InvalidAmountError: nothing is rounded away.
 */
export function kesToMinor(kes: number | string): bigint {
  if (typeof kes === 'string') return kesStringToMinor(kes);
  if (typeof kes !== 'number' || !Number.isFinite(kes)) {
    throw new InvalidAmountError(`Amount must be a finite number, got ${String(kes)}`);
  }
  if (Math.abs(kes) > MAX_EXACT_KES) {
    throw new InvalidAmountError(`Amount ${kes} is too large to convert exactly`);
  }
  // toFixed(2) picks the nearest 2-decimal value; the input is accepted when it is that value's double
  // (exact decimals such as 10313390653.28) or within float noise of it (0.1 + 0.2).
  const fixed = kes.toFixed(2);
  const isExact = Number(fixed) === kes;
  const isNoise = Math.abs(kes * 100 - Math.round(kes * 100)) <= REPRESENTATION_TOLERANCE;
  if (!isExact && !isNoise) {
    throw new InvalidAmountError(`Amount ${kes} has more than 2 decimal places`);
  }
  return BigInt(fixed.replace('.', ''));
}

function kesStringToMinor(kes: string): bigint {
  if (!KES_STRING.test(kes)) {
    throw new InvalidAmountError(`${JSON.stringify(kes)} is not a KES amount with at most 2 decimal places`);
  }
  const negative = kes.startsWith('-');
  const [shillings, cents = ''] = (negative ? kes.slice(1) : kes).split('.');
  const minor = BigInt(shillings) * 100n + BigInt(cents.padEnd(2, '0'));
  if (minor > MAX_MINOR) throw new InvalidAmountError(`Amount ${kes} is outside the 64-bit range`);
  return negative ? -minor : minor;
}

/**
 * Minor units (bigint, or a wire string as parseMinor takes it) → KES number for JSON. Throws
 * InvalidAmountError when the value is beyond 2^53 cents, where a number would silently lose cents.
 */
export function minorToKes(minor: bigint | string): number {
  const value = toMinor(minor);
  const asNumber = Number(value);
  if (!Number.isSafeInteger(asNumber)) {
    throw new InvalidAmountError(`Amount ${value} minor units is too large for a KES number`);
  }
  // Dividing a safe integer by 100 gives the closest double to the decimal, which is what JSON prints.
  return asNumber / 100;
}

/**
 * Minor units → `"KES 1,250.00"`, the form merchants see in messages (SHADOW PAY's
 * "Insufficient B2C Wallet balance. Required: KES 255.00"). Negative amounts read `"-KES 1,250.00"`.
 * Exact for every bigint: no float is involved.
 */
export function formatKes(minor: bigint | string): string {
  const value = toMinor(minor);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const shillings = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}KES ${shillings}.${cents}`;
}

/** STK and B2C take whole shillings only (docs/daraja.md §3.1 and §6). */
export function isWholeShillings(kes: number): boolean {
  return typeof kes === 'number' && Number.isSafeInteger(kes);
}

/** The same rule on minor units: a whole number of shillings is a multiple of 100 cents. */
export function isWholeShillingsMinor(minor: bigint): boolean {
  return typeof minor === 'bigint' && minor % 100n === 0n;
}

/**
 * Minor units → the whole-shilling number Daraja's `Amount` field takes. Throws InvalidAmountError on
 * cents (Daraja rejects or truncates decimals, docs/daraja.md §16) rather than dropping them.
 */
export function minorToWholeShillings(minor: bigint): number {
  if (!isWholeShillingsMinor(minor)) throw new InvalidAmountError(`Amount ${minor} minor units is not a whole number of shillings`);
  return minorToKes(minor);
}

/**
 * Daraja's per-transaction limits: whole KES ≥ 1 (docs/daraja.md §3.1) up to the M-Pesa per-transaction
 * cap, KES 250,000 as the gateway enforces it for STK (docs/daraja.md §3.1 notes the cap is commonly cited,
 * not verified). Fee schedules must price every amount up to this.
 */
export const DARAJA_MIN_AMOUNT_KES = 1;
export const DARAJA_MAX_AMOUNT_KES = 250_000;
export const DARAJA_MAX_AMOUNT_MINOR = 25_000_000n;
