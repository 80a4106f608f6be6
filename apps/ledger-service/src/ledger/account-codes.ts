/**
 * The account chart (docs/design.md §4, written down in apps/ledger-service/README.md). Account
 * codes are the ledger's natural keys, and accounts are opened on demand from a code, so the code
 * alone says what the account is, its mode, whether it is a memo account and its flags:
 *
 *   merchant:<merchant_id>:<mode>:<kind>        service_wallet, b2c_wallet, collections, own_collections_memo
 *   platform:<mode>:<kind>                      fee_revenue, funding, suspense
 *   platform:<mode>:<kind>:<shortcode>          mpesa_collections, b2c_float, mpesa_collections_memo
 */
export type LedgerMode = 'test' | 'live';
export const LEDGER_MODES: readonly LedgerMode[] = ['test', 'live'];

export const MERCHANT_ACCOUNT_KINDS = ['service_wallet', 'b2c_wallet', 'collections', 'own_collections_memo'] as const;
export type MerchantAccountKind = (typeof MERCHANT_ACCOUNT_KINDS)[number];

export const PLATFORM_ACCOUNT_KINDS = ['fee_revenue', 'funding', 'suspense'] as const;
export type PlatformAccountKind = (typeof PLATFORM_ACCOUNT_KINDS)[number];

export const SHORTCODE_ACCOUNT_KINDS = ['mpesa_collections', 'b2c_float', 'mpesa_collections_memo'] as const;
export type ShortcodeAccountKind = (typeof SHORTCODE_ACCOUNT_KINDS)[number];

export type AccountKind = MerchantAccountKind | PlatformAccountKind | ShortcodeAccountKind;

/** The collections of money collected before shortcodes were recorded (and of events that do not say). */
export const UNATTRIBUTED_SHORTCODE = 'unattributed';

export interface AccountFlags {
  /** balance − held ≥ 0: wallets, collections, fee revenue (a debit or a hold never overdraws). */
  debitsMustNotExceedCredits: boolean;
  /** balance + pending credits ≤ 0: the B2C float cannot pay out more than was put in. */
  creditsMustNotExceedDebits: boolean;
}

export interface AccountSpec extends AccountFlags {
  code: string;
  merchantId: string | null;
  mode: LedgerMode;
  kind: AccountKind;
  shortcode: string | null;
  /** Memo accounts record money the platform reports but does not hold; they only move among themselves. */
  memo: boolean;
}

const NO_FLAGS: AccountFlags = { debitsMustNotExceedCredits: false, creditsMustNotExceedDebits: false };
const WALLET: AccountFlags = { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false };

/**
 * Merchant accounts are what the platform owes the merchant: never below zero. The M-Pesa
 * collections, funding and suspense are the other side of those liabilities and run negative. The
 * B2C float is money the platform put on a shortcode: payouts (credits) never exceed what it received.
 */
const FLAGS: Record<AccountKind, AccountFlags> = {
  service_wallet: WALLET,
  b2c_wallet: WALLET,
  collections: WALLET,
  own_collections_memo: WALLET,
  fee_revenue: WALLET,
  funding: NO_FLAGS,
  suspense: NO_FLAGS,
  mpesa_collections: NO_FLAGS,
  b2c_float: { debitsMustNotExceedCredits: false, creditsMustNotExceedDebits: true },
  mpesa_collections_memo: NO_FLAGS,
};

const MEMO_KINDS: readonly AccountKind[] = ['own_collections_memo', 'mpesa_collections_memo'];

/** Merchant ids end up inside codes, so ':' (the separator) and whitespace are refused. */
const MERCHANT_ID = /^[A-Za-z0-9_.-]{1,64}$/;
/**
 * Paybill and till numbers are 5 to 7 digits (Daraja); up to 8 accepted as PaymentCompletedV1's
 * `business_short_code` is; `unattributed` for collections whose shortcode is not known.
 */
const SHORTCODE = /^(\d{5,8}|unattributed)$/;

export class InvalidAccountCodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAccountCodeError';
  }
}

export function isValidMerchantId(merchantId: string): boolean {
  return typeof merchantId === 'string' && MERCHANT_ID.test(merchantId);
}

function isMode(mode: string): mode is LedgerMode {
  return (LEDGER_MODES as readonly string[]).includes(mode);
}

function includes<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

export function merchantAccountCode(merchantId: string, mode: LedgerMode, kind: MerchantAccountKind): string {
  if (!isValidMerchantId(merchantId)) throw new InvalidAccountCodeError(`merchant id ${JSON.stringify(merchantId)} cannot be used in an account code`);
  if (!isMode(mode)) throw new InvalidAccountCodeError(`unknown mode ${JSON.stringify(mode)}`);
  if (!includes(MERCHANT_ACCOUNT_KINDS, kind)) throw new InvalidAccountCodeError(`unknown merchant account kind ${JSON.stringify(kind)}`);
  return `merchant:${merchantId}:${mode}:${kind}`;
}

export function platformAccountCode(mode: LedgerMode, kind: PlatformAccountKind): string {
  if (!isMode(mode)) throw new InvalidAccountCodeError(`unknown mode ${JSON.stringify(mode)}`);
  if (!includes(PLATFORM_ACCOUNT_KINDS, kind)) throw new InvalidAccountCodeError(`unknown platform account kind ${JSON.stringify(kind)}`);
  return `platform:${mode}:${kind}`;
}

export function shortcodeAccountCode(mode: LedgerMode, kind: ShortcodeAccountKind, shortcode: string): string {
  if (!isMode(mode)) throw new InvalidAccountCodeError(`unknown mode ${JSON.stringify(mode)}`);
  if (!includes(SHORTCODE_ACCOUNT_KINDS, kind)) throw new InvalidAccountCodeError(`unknown shortcode account kind ${JSON.stringify(kind)}`);
  if (typeof shortcode !== 'string' || !SHORTCODE.test(shortcode)) throw new InvalidAccountCodeError(`${JSON.stringify(shortcode)} is not a shortcode`);
  return `platform:${mode}:${kind}:${shortcode}`;
}

function spec(code: string, merchantId: string | null, mode: LedgerMode, kind: AccountKind, shortcode: string | null): AccountSpec {
  return { code, merchantId, mode, kind, shortcode, memo: MEMO_KINDS.includes(kind), ...FLAGS[kind] };
}

/** The account a code names, or an InvalidAccountCodeError for anything that is not in the chart. */
export function parseAccountCode(code: string): AccountSpec {
  const parts = typeof code === 'string' ? code.split(':') : [];
  if (parts.length === 4 && parts[0] === 'merchant') {
    const [, merchantId, mode, kind] = parts;
    if (isValidMerchantId(merchantId) && isMode(mode) && includes(MERCHANT_ACCOUNT_KINDS, kind)) return spec(code, merchantId, mode, kind, null);
  }
  if (parts.length === 3 && parts[0] === 'platform') {
    const [, mode, kind] = parts;
    if (isMode(mode) && includes(PLATFORM_ACCOUNT_KINDS, kind)) return spec(code, null, mode, kind, null);
  }
  if (parts.length === 4 && parts[0] === 'platform') {
    const [, mode, kind, shortcode] = parts;
    if (isMode(mode) && includes(SHORTCODE_ACCOUNT_KINDS, kind) && SHORTCODE.test(shortcode)) return spec(code, null, mode, kind, shortcode);
  }
  throw new InvalidAccountCodeError(`${JSON.stringify(code)} is not a ledger account code`);
}

/** The accounts every merchant has, in both modes (opened on merchant.registered, or on first use). */
export function merchantAccounts(merchantId: string): AccountSpec[] {
  return LEDGER_MODES.flatMap((mode) => MERCHANT_ACCOUNT_KINDS.map((kind) => parseAccountCode(merchantAccountCode(merchantId, mode, kind))));
}

/** The platform accounts without a shortcode, seeded by the migration for both modes. */
export function platformAccounts(): AccountSpec[] {
  return LEDGER_MODES.flatMap((mode) => PLATFORM_ACCOUNT_KINDS.map((kind) => parseAccountCode(platformAccountCode(mode, kind))));
}

export interface CollectionSource {
  merchantId: string;
  mode: LedgerMode;
  /** The shortcode that collected; UNATTRIBUTED_SHORTCODE when the event does not say. */
  shortcode: string;
  /** True when it is the merchant's own shortcode: the money never reaches the platform. */
  ownShortcode: boolean;
}

/**
 * Where a collection is posted: the platform's M-Pesa collections of that shortcode → the
 * merchant's collections, or, on the merchant's own shortcode, between the two memo accounts.
 */
export function collectionAccounts(source: CollectionSource): { debitCode: string; creditCode: string } {
  return source.ownShortcode
    ? {
        debitCode: shortcodeAccountCode(source.mode, 'mpesa_collections_memo', source.shortcode),
        creditCode: merchantAccountCode(source.merchantId, source.mode, 'own_collections_memo'),
      }
    : {
        debitCode: shortcodeAccountCode(source.mode, 'mpesa_collections', source.shortcode),
        creditCode: merchantAccountCode(source.merchantId, source.mode, 'collections'),
      };
}
