import { Transform } from 'class-transformer';
import { ValidateIf, ValidationOptions, registerDecorator } from 'class-validator';
import { DARAJA_MAX_AMOUNT_KES, DARAJA_MIN_AMOUNT_KES, isWholeShillings, kesToMinor } from '@lipa/money';
import { normalizeMsisdn } from '@lipa/phone';

export const MIN_STK_AMOUNT_KES = DARAJA_MIN_AMOUNT_KES;
/** Daraja's per-transaction ceiling for M-Pesa (KES 250,000). */
export const MAX_STK_AMOUNT_KES = DARAJA_MAX_AMOUNT_KES;

/** A Kenyan Safaricom mobile number in any accepted form (07…, 01…, 7…, +254…, 254…). */
export function IsKenyanMsisdn(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isKenyanMsisdn',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be a Safaricom mobile number such as 0712345678 or 254712345678`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && normalizeMsisdn(value) !== null },
    });
}

/** A whole number of shillings within Daraja's limits. */
export function IsWholeKes(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isWholeKes',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be a whole number of KES from ${min} to ${max}`, ...options },
      validator: {
        validate: (value: unknown) => typeof value === 'number' && isWholeShillings(value) && value >= min && value <= max,
      },
    });
}

/**
 * A positive amount of KES in cents at most (500, 500.25), up to `max`. Checked by converting it with
 * libs/money, not with class-validator's maxDecimalPlaces, which throws on values such as 1e-28.
 */
export function IsKesAmount(max: number, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isKesAmount',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be a positive number of KES with at most two decimals, up to ${max}`, ...options },
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max) return false;
          try {
            return kesToMinor(value) > 0n;
          } catch {
            return false;
          }
        },
      },
    });
}

/**
 * PHP integrations often send amounts as strings ("100"). Only plain digit strings are converted;
 * "1.5", "abc" or "1e3" stay strings and fail validation.
 */
export const DigitsToNumber = (): PropertyDecorator => Transform(({ value }) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value));

/** Optional, but never null: for fields stored in NOT NULL columns, where `@IsOptional()` would let null through. */
export const IfPresent = (): PropertyDecorator => ValidateIf((_object: unknown, value: unknown) => value !== undefined);
