import { DARAJA_MAX_AMOUNT_MINOR, InvalidAmountError, MAX_MINOR } from './kes';

// Fee schedules are data (docs/design.md §4): admins set them per transaction type, the ledger stores
// them, and every fee is computed here from that data. Field names are snake_case because this is the
// shape that is stored and sent; amounts are bigint minor units in memory and digit strings in JSON
// (feeScheduleToJson / parseFeeSchedule).

/** The same fee whatever the amount (it may exceed a small amount: the schedule says so). */
export interface FlatFeeSchedule {
  kind: 'flat';
  amount_minor: bigint;
}

/**
 * A share of the amount in basis points (1 bp = 0.01 %, so 150 = 1.5 %, at most 10,000 = 100 %),
 * rounded half up to the cent, then raised to `min_minor` and lowered to `max_minor` when given.
 */
export interface PercentageFeeSchedule {
  kind: 'percentage';
  basis_points: number;
  min_minor?: bigint;
  max_minor?: bigint;
}

/** What one tier charges: a flat fee or a percentage of the whole amount. */
export type TierFee = FlatFeeSchedule | PercentageFeeSchedule;

/**
 * A tier covers the amounts above the previous tier's `up_to_minor` up to and including its own (the
 * first tier starts at 0). Only upper bounds are written, so tiers cannot leave a gap between them;
 * they must rise strictly, and the last must reach the Daraja maximum.
 */
export interface FeeTier {
  up_to_minor: bigint;
  fee: TierFee;
}

/** Tiered by amount: the one tier holding the amount prices the whole amount (not marginal bands). */
export interface TieredFeeSchedule {
  kind: 'tiered';
  tiers: readonly FeeTier[];
}

export type FeeSchedule = FlatFeeSchedule | PercentageFeeSchedule | TieredFeeSchedule;

export type FeeScheduleProblemCode =
  | 'not_an_object'
  | 'unknown_kind'
  | 'unknown_field'
  | 'invalid_minor_amount'
  | 'basis_points_out_of_range'
  | 'min_above_max'
  | 'tiers_empty'
  | 'tiers_overlap'
  | 'tiers_leave_gap'
  | 'tier_fee_not_flat_or_percentage';

/** One thing wrong with a schedule; `path` points at the field (`tiers[2].fee.basis_points`). */
export interface FeeScheduleProblem {
  code: FeeScheduleProblemCode;
  path: string;
  message: string;
}

export class InvalidFeeScheduleError extends Error {
  readonly code = 'invalid_fee_schedule';
  constructor(readonly problems: readonly FeeScheduleProblem[]) {
    super(`Invalid fee schedule: ${problems.map((p) => `${p.path || '(schedule)'}: ${p.message}`).join('; ')}`);
    this.name = 'InvalidFeeScheduleError';
  }
}

export const MAX_BASIS_POINTS = 10_000;

export interface FeeScheduleRules {
  /** The largest amount the schedule must price; tiered schedules must reach it. Default: Daraja's KES 250,000. */
  maxAmountMinor?: bigint;
}

/**
 * Every problem with a schedule, or an empty list. Checks: minor amounts are bigints from 0 to 2^63-1;
 * basis points are integers from 0 to 10,000; a minimum is not above its maximum; tiers are not empty,
 * rise strictly (an equal or lower bound would overlap the previous tier), hold only flat or percentage
 * fees, and the last reaches `maxAmountMinor` (otherwise amounts above it would fall in a gap).
 */
export function validateFeeSchedule(schedule: FeeSchedule, rules: FeeScheduleRules = {}): FeeScheduleProblem[] {
  const problems: FeeScheduleProblem[] = [];
  checkSchedule(schedule, '', problems, rules.maxAmountMinor ?? DARAJA_MAX_AMOUNT_MINOR, true);
  return problems;
}

/** Throws InvalidFeeScheduleError listing every problem; returns the schedule when there is none. */
export function assertValidFeeSchedule<S extends FeeSchedule>(schedule: S, rules: FeeScheduleRules = {}): S {
  const problems = validateFeeSchedule(schedule, rules);
  if (problems.length > 0) throw new InvalidFeeScheduleError(problems);
  return schedule;
}

function at(path: string, field: string): string {
  return path ? `${path}.${field}` : field;
}

function checkMinor(value: unknown, path: string, problems: FeeScheduleProblem[]): void {
  if (typeof value !== 'bigint' || value < 0n || value > MAX_MINOR) {
    problems.push({ code: 'invalid_minor_amount', path, message: 'must be a whole number of minor units from 0 to 2^63-1' });
  }
}

function checkSchedule(schedule: FeeSchedule, path: string, problems: FeeScheduleProblem[], maxAmountMinor: bigint, allowTiers: boolean): void {
  if (typeof schedule !== 'object' || schedule === null) {
    problems.push({ code: 'not_an_object', path, message: 'must be a fee schedule object' });
    return;
  }
  switch (schedule.kind) {
    case 'flat':
      checkMinor(schedule.amount_minor, at(path, 'amount_minor'), problems);
      return;
    case 'percentage': {
      const bp = schedule.basis_points;
      if (typeof bp !== 'number' || !Number.isInteger(bp) || bp < 0 || bp > MAX_BASIS_POINTS) {
        problems.push({
          code: 'basis_points_out_of_range',
          path: at(path, 'basis_points'),
          message: `must be a whole number of basis points from 0 to ${MAX_BASIS_POINTS}`,
        });
      }
      if (schedule.min_minor !== undefined) checkMinor(schedule.min_minor, at(path, 'min_minor'), problems);
      if (schedule.max_minor !== undefined) checkMinor(schedule.max_minor, at(path, 'max_minor'), problems);
      if (typeof schedule.min_minor === 'bigint' && typeof schedule.max_minor === 'bigint' && schedule.min_minor > schedule.max_minor) {
        problems.push({ code: 'min_above_max', path: at(path, 'min_minor'), message: 'must not be above max_minor' });
      }
      return;
    }
    case 'tiered':
      if (!allowTiers) {
        problems.push({
          code: 'tier_fee_not_flat_or_percentage',
          path: at(path, 'kind'),
          message: 'a tier charges a flat or a percentage fee, not tiers of its own',
        });
        return;
      }
      checkTiers(schedule, path, problems, maxAmountMinor);
      return;
    default: {
      const unknown: never = schedule;
      problems.push({
        code: 'unknown_kind',
        path: at(path, 'kind'),
        message: `must be flat, percentage or tiered, got ${JSON.stringify((unknown as { kind?: unknown }).kind)}`,
      });
    }
  }
}

function checkTiers(schedule: TieredFeeSchedule, path: string, problems: FeeScheduleProblem[], maxAmountMinor: bigint): void {
  const tiersPath = at(path, 'tiers');
  if (!Array.isArray(schedule.tiers) || schedule.tiers.length === 0) {
    problems.push({ code: 'tiers_empty', path: tiersPath, message: 'must list at least one tier' });
    return;
  }
  let previous: bigint | undefined;
  schedule.tiers.forEach((tier, i) => {
    const tierPath = `${tiersPath}[${i}]`;
    if (typeof tier !== 'object' || tier === null) {
      problems.push({ code: 'not_an_object', path: tierPath, message: 'must be a tier object' });
      return;
    }
    const bound = tier.up_to_minor;
    checkMinor(bound, `${tierPath}.up_to_minor`, problems);
    if (typeof bound === 'bigint') {
      if (previous !== undefined && bound <= previous) {
        problems.push({ code: 'tiers_overlap', path: `${tierPath}.up_to_minor`, message: `must be above the previous tier's up_to_minor (${previous})` });
      }
      previous = previous === undefined || bound > previous ? bound : previous;
    }
    checkSchedule(tier.fee, `${tierPath}.fee`, problems, maxAmountMinor, false);
  });
  const last = schedule.tiers[schedule.tiers.length - 1]?.up_to_minor;
  if (typeof last === 'bigint' && last < maxAmountMinor) {
    problems.push({
      code: 'tiers_leave_gap',
      path: tiersPath,
      message: `the last tier ends at ${last}; amounts up to ${maxAmountMinor} minor units must be covered`,
    });
  }
}

const BASIS_POINTS_PER_UNIT = 10_000n;

/** Integer division rounding halves up; both operands are non-negative here. */
function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/**
 * The fee for an amount. Throws InvalidAmountError for a negative amount or one above every tier, and
 * InvalidFeeScheduleError for a malformed schedule. Tier coverage up to the Daraja maximum is not
 * required here (validateFeeSchedule is where admins' schedules are refused); an amount a tier covers
 * is priced, one no tier covers throws.
 */
export function feeFor(schedule: FeeSchedule, amountMinor: bigint): bigint {
  if (typeof amountMinor !== 'bigint' || amountMinor < 0n) {
    throw new InvalidAmountError(`Amount must be a non-negative bigint of minor units, got ${String(amountMinor)}`);
  }
  const problems: FeeScheduleProblem[] = [];
  checkSchedule(schedule, '', problems, 0n, true);
  if (problems.length > 0) throw new InvalidFeeScheduleError(problems);
  return priced(schedule, amountMinor);
}

function priced(schedule: FeeSchedule, amountMinor: bigint): bigint {
  switch (schedule.kind) {
    case 'flat':
      return schedule.amount_minor;
    case 'percentage': {
      let fee = divideRoundHalfUp(amountMinor * BigInt(schedule.basis_points), BASIS_POINTS_PER_UNIT);
      if (schedule.min_minor !== undefined && fee < schedule.min_minor) fee = schedule.min_minor;
      if (schedule.max_minor !== undefined && fee > schedule.max_minor) fee = schedule.max_minor;
      return fee;
    }
    case 'tiered': {
      const tier = schedule.tiers.find((t) => amountMinor <= t.up_to_minor);
      if (!tier) throw new InvalidAmountError(`No fee tier covers amount ${amountMinor}`);
      return priced(tier.fee, amountMinor);
    }
  }
}

// ---- JSON form: how schedules are stored (jsonb) and sent (admin API) ----

export type FlatFeeScheduleJson = { kind: 'flat'; amount_minor: string };
export type PercentageFeeScheduleJson = { kind: 'percentage'; basis_points: number; min_minor?: string; max_minor?: string };
export type TierFeeJson = FlatFeeScheduleJson | PercentageFeeScheduleJson;
export type TieredFeeScheduleJson = { kind: 'tiered'; tiers: { up_to_minor: string; fee: TierFeeJson }[] };
export type FeeScheduleJson = FlatFeeScheduleJson | PercentageFeeScheduleJson | TieredFeeScheduleJson;

/** Minor amounts become digit strings, as every amount on the wire (`amount_minor: "150000"`). */
export function feeScheduleToJson(schedule: FeeSchedule): FeeScheduleJson {
  switch (schedule.kind) {
    case 'flat':
    case 'percentage':
      return tierFeeToJson(schedule);
    case 'tiered':
      return { kind: 'tiered', tiers: schedule.tiers.map((t) => ({ up_to_minor: t.up_to_minor.toString(), fee: tierFeeToJson(t.fee) })) };
  }
}

function tierFeeToJson(fee: TierFee): TierFeeJson {
  if (fee.kind === 'flat') return { kind: 'flat', amount_minor: fee.amount_minor.toString() };
  const json: PercentageFeeScheduleJson = { kind: 'percentage', basis_points: fee.basis_points };
  if (fee.min_minor !== undefined) json.min_minor = fee.min_minor.toString();
  if (fee.max_minor !== undefined) json.max_minor = fee.max_minor.toString();
  return json;
}

export type ParsedFeeSchedule = { ok: true; schedule: FeeSchedule } | { ok: false; problems: FeeScheduleProblem[] };

const FIELDS: Record<FeeSchedule['kind'], readonly string[]> = {
  flat: ['kind', 'amount_minor'],
  percentage: ['kind', 'basis_points', 'min_minor', 'max_minor'],
  tiered: ['kind', 'tiers'],
};

/**
 * A schedule from untrusted JSON (an admin's request body, a jsonb column). Minor amounts may be digit
 * strings or non-negative safe integers; unknown fields are refused so a typo (`max_minnor`) is not
 * silently ignored. Returns every problem at once, shape and rules (validateFeeSchedule) together.
 */
export function parseFeeSchedule(input: unknown, rules: FeeScheduleRules = {}): ParsedFeeSchedule {
  const problems: FeeScheduleProblem[] = [];
  const schedule = readSchedule(input, '', problems, true);
  if (schedule === undefined || problems.length > 0) return { ok: false, problems };
  const ruleProblems = validateFeeSchedule(schedule, rules);
  return ruleProblems.length > 0 ? { ok: false, problems: ruleProblems } : { ok: true, schedule };
}

function readMinor(value: unknown, path: string, problems: FeeScheduleProblem[]): bigint | undefined {
  if (typeof value === 'string' && /^\d{1,19}$/.test(value) && BigInt(value) <= MAX_MINOR) return BigInt(value);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  problems.push({ code: 'invalid_minor_amount', path, message: 'must be a whole number of minor units from 0 to 2^63-1, as a digit string' });
  return undefined;
}

function readSchedule(input: unknown, path: string, problems: FeeScheduleProblem[], allowTiers: boolean): FeeSchedule | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    problems.push({ code: 'not_an_object', path, message: 'must be a fee schedule object' });
    return undefined;
  }
  const raw = input as Record<string, unknown>;
  const kind = raw['kind'];
  if (kind !== 'flat' && kind !== 'percentage' && kind !== 'tiered') {
    problems.push({ code: 'unknown_kind', path: at(path, 'kind'), message: `must be flat, percentage or tiered, got ${JSON.stringify(kind) ?? 'nothing'}` });
    return undefined;
  }
  for (const key of Object.keys(raw)) {
    if (!FIELDS[kind].includes(key)) problems.push({ code: 'unknown_field', path: at(path, key), message: `is not a field of a ${kind} fee` });
  }
  switch (kind) {
    case 'flat': {
      const amount = readMinor(raw['amount_minor'], at(path, 'amount_minor'), problems);
      return amount === undefined ? undefined : { kind, amount_minor: amount };
    }
    case 'percentage': {
      const schedule: PercentageFeeSchedule = { kind, basis_points: raw['basis_points'] as number };
      if (typeof raw['basis_points'] !== 'number') {
        problems.push({
          code: 'basis_points_out_of_range',
          path: at(path, 'basis_points'),
          message: `must be a whole number of basis points from 0 to ${MAX_BASIS_POINTS}`,
        });
      }
      if (raw['min_minor'] !== undefined) schedule.min_minor = readMinor(raw['min_minor'], at(path, 'min_minor'), problems);
      if (raw['max_minor'] !== undefined) schedule.max_minor = readMinor(raw['max_minor'], at(path, 'max_minor'), problems);
      return schedule;
    }
    case 'tiered': {
      if (!allowTiers) {
        problems.push({
          code: 'tier_fee_not_flat_or_percentage',
          path: at(path, 'kind'),
          message: 'a tier charges a flat or a percentage fee, not tiers of its own',
        });
        return undefined;
      }
      const tiersPath = at(path, 'tiers');
      if (!Array.isArray(raw['tiers'])) {
        problems.push({ code: 'tiers_empty', path: tiersPath, message: 'must list at least one tier' });
        return undefined;
      }
      const tiers: FeeTier[] = [];
      (raw['tiers'] as unknown[]).forEach((rawTier, i) => {
        const tierPath = `${tiersPath}[${i}]`;
        if (typeof rawTier !== 'object' || rawTier === null || Array.isArray(rawTier)) {
          problems.push({ code: 'not_an_object', path: tierPath, message: 'must be a tier object' });
          return;
        }
        const t = rawTier as Record<string, unknown>;
        for (const key of Object.keys(t)) {
          if (key !== 'up_to_minor' && key !== 'fee') problems.push({ code: 'unknown_field', path: `${tierPath}.${key}`, message: 'is not a field of a tier' });
        }
        const upTo = readMinor(t['up_to_minor'], `${tierPath}.up_to_minor`, problems);
        const fee = readSchedule(t['fee'], `${tierPath}.fee`, problems, false);
        if (upTo !== undefined && fee !== undefined) tiers.push({ up_to_minor: upTo, fee: fee as TierFee });
      });
      return { kind, tiers };
    }
  }
}

// ---- Before fee schedules were data (kept for callers of the first version of this library) ----

/** @deprecated Use FeeSchedule (snake_case, as stored) with feeFor. */
export type LegacyFeeSchedule =
  | { kind: 'flat'; feeMinor: bigint }
  | { kind: 'percentage'; basisPoints: number; minFeeMinor?: bigint; maxFeeMinor?: bigint }
  | { kind: 'tiered'; tiers: ReadonlyArray<{ upToMinor: bigint | null; feeMinor: bigint }> };

/**
 * @deprecated Use feeFor(schedule, amountMinor). The first version's shape, priced by the same rules:
 * a `null` upper bound is read as 2^63-1 (no upper bound for any storable amount).
 */
export function calculateFeeMinor(amountMinor: bigint, schedule: LegacyFeeSchedule): bigint {
  return feeFor(fromLegacy(schedule), amountMinor);
}

function fromLegacy(schedule: LegacyFeeSchedule): FeeSchedule {
  switch (schedule.kind) {
    case 'flat':
      return { kind: 'flat', amount_minor: schedule.feeMinor };
    case 'percentage': {
      const converted: PercentageFeeSchedule = { kind: 'percentage', basis_points: schedule.basisPoints };
      if (schedule.minFeeMinor !== undefined) converted.min_minor = schedule.minFeeMinor;
      if (schedule.maxFeeMinor !== undefined) converted.max_minor = schedule.maxFeeMinor;
      return converted;
    }
    case 'tiered':
      return { kind: 'tiered', tiers: schedule.tiers.map((t) => ({ up_to_minor: t.upToMinor ?? MAX_MINOR, fee: { kind: 'flat', amount_minor: t.feeMinor } })) };
  }
}
