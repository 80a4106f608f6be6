// Money is bigint minor units (cents) inside the system; KES numbers exist only at the API edge.
// Floats cannot represent most cents exactly (0.1 + 0.2), so conversion tolerates representation
// noise far below a cent but refuses genuinely finer amounts such as 1.005.
const REPRESENTATION_TOLERANCE = 1e-6;
// Beyond this, a double no longer resolves single cents.
const MAX_EXACT_KES = Number.MAX_SAFE_INTEGER / 100;

export class InvalidAmountError extends Error {
  readonly code = 'invalid_amount';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAmountError';
  }
}

/** KES (whole or with at most 2 decimals) → minor units. Throws InvalidAmountError otherwise. */
export function kesToMinor(kes: number): bigint {
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

/** Minor units → KES number. Throws when the value cannot be represented exactly as a number. */
export function minorToKes(minor: bigint): number {
  const asNumber = Number(minor);
  if (!Number.isSafeInteger(asNumber)) {
    throw new InvalidAmountError(`Amount ${minor} minor units is too large for a KES number`);
  }
  // Dividing a safe integer by 100 gives the closest double to the decimal, which is what JSON prints.
  return asNumber / 100;
}

/** STK and B2C take whole shillings only (docs/daraja.md §3.1). */
export function isWholeShillings(kes: number): boolean {
  return typeof kes === 'number' && Number.isSafeInteger(kes);
}
