// class-transformer's @Type reads decorator metadata: without this, importing the contracts first fails.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUrl, Matches, MaxLength, ValidateNested } from 'class-validator';
import { API_MODES, ApiMode, MINOR_UNITS_PATTERN, MinorUnits, PaymentStatus } from '../common';

export const STK_SERVICE = 'stk-service';

/** The merchant wallets a top-up (an STK push to the platform's own paybill) can credit. */
export const TOP_UP_WALLETS = ['service_wallet', 'b2c_wallet'] as const;
export type TopUpWallet = (typeof TOP_UP_WALLETS)[number];

/**
 * The longest stk-service may take to answer `stk.push.initiate`, from the moment it starts handling the
 * command: one OAuth token fetch, one STK push, and a margin for its database writes. stk-service refuses
 * to start when its Daraja timeouts could exceed it, and bounds every push by it (a token fetch that would
 * leave the push less than its full timeout fails as "not sent" instead). A caller's RPC deadline must be
 * longer than this, or it may give up on a push that is still being sent and that will still reach the phone.
 */
export const STK_INITIATE_WORST_CASE_MS = 20_000;

/**
 * Where an STK push collects: one of the merchant's payment accounts (api-gateway owns them).
 * Paybill: CustomerPayBillOnline with the paybill as BusinessShortCode and PartyB.
 * Till: CustomerBuyGoodsOnline with the store number as BusinessShortCode and the till as PartyB.
 */
export class StkPushAccountV1 {
  /** `#00001`, the merchant's own name for the account. */
  @Matches(/^#\d{5}$/) payment_id: string;
  @IsIn(['paybill', 'till']) kind: 'paybill' | 'till';
  @Matches(/^\d{5,8}$/) business_short_code: string;
  @Matches(/^\d{5,8}$/) party_b: string;
  @IsIn(['CustomerPayBillOnline', 'CustomerBuyGoodsOnline']) transaction_type: 'CustomerPayBillOnline' | 'CustomerBuyGoodsOnline';
  /**
   * The merchant's own Daraja app, sealed by api-gateway with the shared credentials key ring
   * (`SecretBox`, aad = merchant_id): JSON `{consumer_key?, consumer_secret?, passkey?, initiator_name?,
   * initiator_password?, security_credential?}` (no consumer pair: the platform's app with this passkey). Absent: the platform's Daraja app for the mode, with
   * the platform's passkey.
   */
  @IsOptional() @IsString() @MaxLength(8192) daraja_app_sealed?: string;
}

/** api-gateway → stk-service (RPC). Replies StkPushAccepted once Daraja accepted the push. */
export class InitiateStkPushV1 {
  static readonly command = 'stk.push.initiate';
  @IsString() merchant_id: string;
  @IsIn(API_MODES) mode: ApiMode;
  @Matches(/^254(7|1)\d{8}$/) phone: string;
  @Matches(MINOR_UNITS_PATTERN) amount_minor: MinorUnits;
  @IsString() @MaxLength(64) reference: string;
  @IsOptional() @IsString() @MaxLength(128) description?: string;
  @IsOptional() @IsUrl({ require_tld: false }) callback_url?: string;
  /** The merchant's Idempotency-Key: the same key returns the same transaction, never a second prompt. */
  @IsOptional() @IsString() @MaxLength(255) idempotency_key?: string;
  /** Absent: the platform's shortcode for the mode (174379, Safaricom's sandbox paybill, in test mode). */
  @IsOptional() @ValidateNested() @Type(() => StkPushAccountV1) account?: StkPushAccountV1;
  /**
   * A top-up of the merchant's own wallet: the customer is the merchant paying the platform, so it always
   * goes to the platform's shortcode (stk-service refuses one with an `account`) and no fee is held.
   */
  @IsOptional() @IsIn(TOP_UP_WALLETS) top_up_wallet?: TopUpWallet;
}

export interface StkPushAccepted {
  transaction_id: string;
  checkout_request_id: string;
  merchant_request_id: string;
  status: PaymentStatus;
  customer_message: string;
}

/** api-gateway → stk-service (RPC): one transaction of this merchant by our id or Daraja's CheckoutRequestID. */
export class GetTransactionV1 {
  static readonly command = 'stk.transaction.get';
  @IsString() merchant_id: string;
  /** A test key never sees a live transaction, nor a live key a test one. */
  @IsOptional() @IsIn(API_MODES) mode?: ApiMode;
  @IsOptional() @IsString() transaction_id?: string;
  @IsOptional() @IsString() checkout_request_id?: string;
}

export interface TransactionView {
  transaction_id: string;
  /** A top-up of one of the merchant's wallets is an STK push too, told apart here as in the transactions list. */
  type: 'stk_push' | 'top_up';
  mode: ApiMode;
  status: PaymentStatus;
  amount: number;
  currency: 'KES';
  phone: string;
  reference: string;
  description: string | null;
  checkout_request_id: string | null;
  merchant_request_id: string | null;
  result_code: string | null;
  result_desc: string | null;
  transaction_code: string | null;
  fee_amount: number;
  /** True once the payment completed and its fee (`fee_amount` > 0) was taken from the service wallet. */
  fee_deducted: boolean;
  /** The payment account it collected on (`#00001`), null for the platform's shortcode. */
  payment_id: string | null;
  created_at: string;
  completed_at: string | null;
}
