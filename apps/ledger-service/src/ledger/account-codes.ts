/**
 * Account codes are the ledger's natural keys: `merchant:<merchant_id>:<kind>` and `platform:<kind>`.
 * Accounts are opened on demand from a code, so the code alone must say what the account is and
 * whether it may go below zero.
 */
/** Test-mode (sandbox) collections are real rows in the ledger but never mix with real money. */
export const MERCHANT_ACCOUNT_KINDS = ['service_wallet', 'b2c_wallet', 'collections', 'test_collections'] as const;
export type MerchantAccountKind = (typeof MERCHANT_ACCOUNT_KINDS)[number];

export const PLATFORM_ACCOUNT_KINDS = ['mpesa_float', 'fee_revenue', 'suspense', 'test_mpesa_float'] as const;
export type PlatformAccountKind = (typeof PLATFORM_ACCOUNT_KINDS)[number];

export type AccountKind = MerchantAccountKind | PlatformAccountKind;

export interface AccountSpec {
  code: string;
  merchantId: string | null;
  kind: AccountKind;
  /**
   * Merchant wallets never go below zero (docs/design.md §4). The M-Pesa float and suspense are the
   * platform's contra accounts: every shilling a merchant holds is owed by them, so they run negative.
   * Fee revenue only ever receives.
   */
  allowNegative: boolean;
}

const PLATFORM_ALLOW_NEGATIVE: Record<PlatformAccountKind, boolean> = {
  mpesa_float: true,
  fee_revenue: false,
  suspense: true,
  test_mpesa_float: true,
};

/** Merchant ids end up inside codes, so ':' (the separator) and whitespace are refused. */
const MERCHANT_ID = /^[A-Za-z0-9_.-]{1,64}$/;

export class InvalidAccountCodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAccountCodeError';
  }
}

export function isValidMerchantId(merchantId: string): boolean {
  return MERCHANT_ID.test(merchantId);
}

export function merchantAccountCode(merchantId: string, kind: MerchantAccountKind): string {
  if (!isValidMerchantId(merchantId)) throw new InvalidAccountCodeError(`merchant id ${JSON.stringify(merchantId)} cannot be used in an account code`);
  if (!(MERCHANT_ACCOUNT_KINDS as readonly string[]).includes(kind)) throw new InvalidAccountCodeError(`unknown merchant account kind ${JSON.stringify(kind)}`);
  return `merchant:${merchantId}:${kind}`;
}

export function platformAccountCode(kind: PlatformAccountKind): string {
  if (!(PLATFORM_ACCOUNT_KINDS as readonly string[]).includes(kind)) throw new InvalidAccountCodeError(`unknown platform account kind ${JSON.stringify(kind)}`);
  return `platform:${kind}`;
}

/** The account a code names, or an InvalidAccountCodeError for anything that is not a known shape. */
export function parseAccountCode(code: string): AccountSpec {
  const parts = code.split(':');
  if (parts.length === 3 && parts[0] === 'merchant') {
    const [, merchantId, kind] = parts;
    if (isValidMerchantId(merchantId) && (MERCHANT_ACCOUNT_KINDS as readonly string[]).includes(kind)) {
      return { code, merchantId, kind: kind as MerchantAccountKind, allowNegative: false };
    }
  }
  if (parts.length === 2 && parts[0] === 'platform' && (PLATFORM_ACCOUNT_KINDS as readonly string[]).includes(parts[1])) {
    const kind = parts[1] as PlatformAccountKind;
    return { code, merchantId: null, kind, allowNegative: PLATFORM_ALLOW_NEGATIVE[kind] };
  }
  throw new InvalidAccountCodeError(`${JSON.stringify(code)} is not a ledger account code`);
}

/** The accounts every merchant has (opened on merchant.registered, or on first use). */
export function merchantAccounts(merchantId: string): AccountSpec[] {
  return MERCHANT_ACCOUNT_KINDS.map((kind) => parseAccountCode(merchantAccountCode(merchantId, kind)));
}

/** The platform accounts, seeded by the migration. */
export function platformAccounts(): AccountSpec[] {
  return PLATFORM_ACCOUNT_KINDS.map((kind) => parseAccountCode(platformAccountCode(kind)));
}

/** Where an STK collection of this mode is posted: float → the merchant's collections of the same mode. */
export function collectionAccounts(merchantId: string, mode: 'test' | 'live'): { debitCode: string; creditCode: string } {
  return mode === 'test'
    ? { debitCode: platformAccountCode('test_mpesa_float'), creditCode: merchantAccountCode(merchantId, 'test_collections') }
    : { debitCode: platformAccountCode('mpesa_float'), creditCode: merchantAccountCode(merchantId, 'collections') };
}
