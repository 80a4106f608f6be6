import type { FeeSchedule, FeeTier, TieredFeeSchedule } from './fee-schedule';

/** The transaction types fees are set for (docs/design.md §4): STK push, C2B, B2C payouts, B2B payments. */
export const TRANSACTION_TYPES = ['stk', 'c2b', 'b2c', 'b2b'] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

export function isTransactionType(value: unknown): value is TransactionType {
  return typeof value === 'string' && (TRANSACTION_TYPES as readonly string[]).includes(value);
}

/** One schedule per transaction type: the platform's defaults. */
export type FeeSchedules = Readonly<Record<TransactionType, FeeSchedule>>;
/** A merchant's overrides, set by admins: only the types that differ from the platform's. */
export type FeeScheduleOverrides = Readonly<Partial<Record<TransactionType, FeeSchedule>>>;

/**
 * The schedule that prices a merchant's transaction of this type: the merchant's override for the type
 * when an admin set one (it replaces the platform default for that type whole, it is not merged with
 * it), otherwise the platform default. Overrides for other types do not matter.
 */
export function resolveSchedule(
  platformDefaults: FeeSchedules,
  merchantOverrides: FeeScheduleOverrides | null | undefined,
  type: TransactionType,
): FeeSchedule {
  return merchantOverrides?.[type] ?? platformDefaults[type];
}

// Safaricom's charge to the business for B2C "Business Payment" to registered M-PESA customers,
// in whole KES: [upper bound of the band, charge]. Bands are inclusive at the top ("101–500" is
// 101.00 up to and including 500.00) and each starts one shilling above the previous one, which is
// what the tiers' "up to and including" bounds express.
//
// Source: Safaricom's "M-PESA Bulk Payment Tariff Form", table "B2C payments to registered users",
// Business column (copy at https://www.scribd.com/document/906530697/m-Pesa-Bulk-Payment-Tariff-Form).
// The stored copy searched here shows the bands up to 15,000; the bands above (11 up to 20,000, then 13
// up to 250,000) are those of the same table as public integrations reproduce it in full. A January
// 2023 news report of the tariff change (nation.africa, "Relief as Safaricom slashes Paybill charges by
// nearly half") gives KES 5 for 100–1,500, matching the form, but KES 12 for 20,000–150,000; the form
// is the more recent (its bands run to the KES 250,000 per-transaction cap, the report's to 150,000),
// so its KES 13 is used. Its withdrawal-charges-paid variant and unregistered recipients are not
// shipped. Admins can override the schedule per merchant when Safaricom changes it.
const SAFARICOM_B2C_BANDS_KES: ReadonlyArray<readonly [upToKes: number, chargeKes: number]> = [
  [49, 0],
  [100, 0],
  [500, 5],
  [1_000, 5],
  [1_500, 5],
  [2_500, 9],
  [3_500, 9],
  [5_000, 9],
  [7_500, 11],
  [10_000, 11],
  [15_000, 11],
  [20_000, 11],
  [25_000, 13],
  [30_000, 13],
  [35_000, 13],
  [40_000, 13],
  [45_000, 13],
  [50_000, 13],
  [70_000, 13],
  [250_000, 13],
];

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Safaricom's B2C tariff (above) as a tiered schedule in minor units; frozen, as every shared default. */
export const SAFARICOM_B2C_TARIFF: TieredFeeSchedule = deepFreeze({
  kind: 'tiered',
  tiers: SAFARICOM_B2C_BANDS_KES.map(([upToKes, chargeKes]): FeeTier => ({
    up_to_minor: BigInt(upToKes) * 100n,
    fee: { kind: 'flat', amount_minor: BigInt(chargeKes) * 100n },
  })),
});

const NO_FEE: FeeSchedule = deepFreeze({ kind: 'flat', amount_minor: 0n });

/**
 * The platform defaults the ledger starts from. B2C passes Safaricom's tariff on, as docs/design.md §4
 * asks; STK, C2B and B2B charge nothing until an admin sets a fee, since §4 names no default for them
 * and a fee nobody chose should not quietly come out of merchants' service wallets.
 */
export const DEFAULT_FEE_SCHEDULES: FeeSchedules = deepFreeze({
  stk: NO_FEE,
  c2b: NO_FEE,
  b2c: SAFARICOM_B2C_TARIFF,
  b2b: NO_FEE,
});
