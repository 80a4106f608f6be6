// class-transformer's @Type reads decorator metadata: without this, importing the contracts first fails.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { API_MODES, ApiMode, MinorUnits } from '../common';

export const LEDGER_SERVICE = 'ledger-service';

/** Positive minor units as a string of digits ("150000" is KES 1,500.00). */
const POSITIVE_MINOR_UNITS = /^[1-9]\d{0,18}$/;

/** api-gateway → ledger-service (RPC): the merchant's wallets now. */
export class GetMerchantBalancesV1 {
  static readonly command = 'ledger.balances.get';
  @IsString() merchant_id: string;
  /** Whose collections and `wallets`: sandbox (test-mode) money is kept apart from real money. Default live. */
  @IsOptional() @IsIn(API_MODES) mode?: ApiMode;
}

/** One wallet: `total_minor` is the posted balance, `held_minor` what open holds reserve, `available_minor` the difference. */
export interface WalletBalance {
  available_minor: MinorUnits;
  held_minor: MinorUnits;
  total_minor: MinorUnits;
}

export interface MerchantBalances {
  merchant_id: string;
  currency: 'KES';
  /** The live service wallet's posted balance (kept as it was before wallets existed per mode). */
  service_wallet_minor: MinorUnits;
  /** The live B2C wallet's posted balance (kept as it was before wallets existed per mode). */
  b2c_wallet_minor: MinorUnits;
  /** Collections of the mode asked for. */
  mode: ApiMode;
  collections_minor: MinorUnits;
  /** The wallets of the mode asked for, with holds. ledger-service always sends it; optional so older readers and fakes still type-check. */
  wallets?: {
    service_wallet: WalletBalance;
    b2c_wallet: WalletBalance;
    collections: WalletBalance;
    /** Memo: collected on the merchant's own shortcodes; reported, not held by the platform. */
    own_collections_memo?: WalletBalance;
  };
}

/**
 * Tests and ops → ledger-service (RPC): how many transfers credited this merchant's collections
 * account and their total, so end-to-end tests can check "exactly one posting" through AMQP only.
 */
export class CountMerchantTransfersV1 {
  static readonly command = 'ledger.transfers.count';
  @IsString() merchant_id: string;
  @IsOptional() @IsIn(API_MODES) mode?: ApiMode;
}

export interface MerchantTransferCount {
  merchant_id: string;
  count: number;
  total_minor: MinorUnits;
}

/**
 * A transfer as asked for. Accounts are named by their chart code (apps/ledger-service/README.md),
 * e.g. `merchant:<merchant_id>:live:b2c_wallet`, `platform:live:fee_revenue`. `id` is the
 * idempotency key: the same id with the same content answers the existing transfer, with other
 * content 409 `transfer_exists_with_different_content`.
 */
export class LedgerTransferInputV1 {
  @IsString() @MaxLength(200) id: string;
  @IsString() @MaxLength(200) debit_account: string;
  @IsString() @MaxLength(200) credit_account: string;
  @Matches(POSITIVE_MINOR_UNITS) amount_minor: MinorUnits;
  /** stk_collection, fee, top_up, adjustment, payout, settlement… (snake_case). */
  @IsString() @MaxLength(64) code: string;
  @IsString() @MaxLength(64) cause_type: string;
  @IsString() @MaxLength(200) cause_id: string;
  @IsOptional() @IsString() @MaxLength(200) reference?: string;
  @IsOptional() @IsObject() metadata?: Record<string, unknown>;
  /** Makes it a hold (pending transfer) that expires after this many milliseconds. */
  @IsOptional() @IsInt() @Min(1) @Max(30 * 24 * 3600 * 1000) timeout_ms?: number;
}

/** Any service → ledger-service (RPC): one transfer, or several that commit or fail together (a payout and its fee). */
export class PostLedgerTransfersV1 {
  static readonly command = 'ledger.transfer.post';
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => LedgerTransferInputV1) transfers: LedgerTransferInputV1[];
}

/** Any service → ledger-service (RPC): reserve an amount on the debit account (available = balance − held). */
export class PlaceLedgerHoldV1 {
  static readonly command = 'ledger.hold.place';
  @IsString() @MaxLength(200) id: string;
  @IsString() @MaxLength(200) debit_account: string;
  @IsString() @MaxLength(200) credit_account: string;
  @Matches(POSITIVE_MINOR_UNITS) amount_minor: MinorUnits;
  @IsString() @MaxLength(64) code: string;
  @IsString() @MaxLength(64) cause_type: string;
  @IsString() @MaxLength(200) cause_id: string;
  @IsOptional() @IsString() @MaxLength(200) reference?: string;
  @IsOptional() @IsObject() metadata?: Record<string, unknown>;
  @IsInt() @Min(1) @Max(30 * 24 * 3600 * 1000) timeout_ms: number;
}

/** Posts a hold, fully (no amount) or for less (the rest is released). At most once; the same post again answers the same. */
export class PostLedgerHoldV1 {
  static readonly command = 'ledger.hold.post';
  @IsString() @MaxLength(200) hold_id: string;
  @IsOptional() @Matches(POSITIVE_MINOR_UNITS) amount_minor?: MinorUnits;
}

/** Releases a hold. At most once; voiding again answers the same, voiding a posted hold is 409 `hold_already_posted`. */
export class VoidLedgerHoldV1 {
  static readonly command = 'ledger.hold.void';
  @IsString() @MaxLength(200) hold_id: string;
}

/** A transfer as stored; holds carry their state. */
export class LedgerTransferV1 {
  @IsString() id: string;
  @IsIn(['single', 'pending', 'post_pending']) type: 'single' | 'pending' | 'post_pending';
  @IsString() debit_account: string;
  @IsString() credit_account: string;
  @Matches(POSITIVE_MINOR_UNITS) amount_minor: MinorUnits;
  @IsString() code: string;
  @IsString() cause_type: string;
  @IsString() cause_id: string;
  @IsOptional() @IsString() reference: string | null;
  @IsObject() metadata: Record<string, unknown>;
  /** For a hold: pending, posted, voided or expired. */
  @IsOptional() @IsIn(['pending', 'posted', 'voided', 'expired']) hold_state: 'pending' | 'posted' | 'voided' | 'expired' | null;
  @IsOptional() @IsString() timeout_at: string | null;
  @IsOptional() @IsString() posted_amount_minor: MinorUnits | null;
  /** For the transfer that posted a hold: the hold's id. */
  @IsOptional() @IsString() pending_id: string | null;
  @IsString() created_at: string;
}

export interface LedgerTransferResult extends LedgerTransferV1 {
  /** False when the id had been posted before: nothing moved this time. */
  created: boolean;
}

export interface PostLedgerTransfersResult {
  transfers: LedgerTransferResult[];
}

/** What a post or void of a hold answers: the hold and, when posted, the transfer that moved the money. */
export interface LedgerHoldResult {
  hold: LedgerTransferV1;
  posted_transfer: LedgerTransferV1 | null;
}

/** api-gateway → ledger-service (RPC): a wallet's posted entries, newest first, with the running balance. */
export class GetLedgerStatementV1 {
  static readonly command = 'ledger.statement.get';
  @IsString() merchant_id: string;
  @IsIn(['service_wallet', 'b2c_wallet', 'collections']) wallet: 'service_wallet' | 'b2c_wallet' | 'collections';
  @IsOptional() @IsIn(API_MODES) mode?: ApiMode;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
}

export interface LedgerStatementEntry {
  transfer_id: string;
  code: string;
  cause_type: string;
  cause_id: string;
  reference: string | null;
  /** debit lowers the balance, credit raises it. */
  direction: 'debit' | 'credit';
  amount_minor: MinorUnits;
  balance_after_minor: MinorUnits;
  counterparty_account: string;
  created_at: string;
}

export interface LedgerStatement {
  merchant_id: string;
  mode: ApiMode;
  wallet: string;
  currency: 'KES';
  data: LedgerStatementEntry[];
  pagination: { current_page: number; per_page: number; total_items: number; total_pages: number };
}
