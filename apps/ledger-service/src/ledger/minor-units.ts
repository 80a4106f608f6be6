/** Postgres `bigint` is signed 64-bit; no balance or amount may leave that range. */
export const MAX_MINOR_UNITS = 2n ** 63n - 1n;

export class InvalidMinorUnitsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidMinorUnitsError';
  }
}

/**
 * A wire amount (`"150000"`) as bigint. Strict: digits only, optional leading '-', no '+', no
 * decimals, no exponent, no whitespace; Number() would accept all of those and lose cents past 2^53.
 */
export function parseMinorUnits(value: string): bigint {
  if (typeof value !== 'string' || !/^-?\d{1,19}$/.test(value))
    throw new InvalidMinorUnitsError(`${JSON.stringify(value)} is not an integer amount of minor units`);
  const amount = BigInt(value);
  if (amount > MAX_MINOR_UNITS || amount < -MAX_MINOR_UNITS) throw new InvalidMinorUnitsError(`${value} is outside the 64-bit range`);
  return amount;
}

export function formatMinorUnits(amount: bigint): string {
  return amount.toString();
}
