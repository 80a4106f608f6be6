import { IsIn, IsOptional, IsString, IsUrl, Matches, MaxLength } from 'class-validator';
import { API_MODES, ApiMode, MINOR_UNITS_PATTERN, MinorUnits, PaymentStatus } from '../common';

export const STK_SERVICE = 'stk-service';

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
  @IsOptional() @IsString() transaction_id?: string;
  @IsOptional() @IsString() checkout_request_id?: string;
}

export interface TransactionView {
  transaction_id: string;
  type: 'stk_push';
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
  created_at: string;
  completed_at: string | null;
}
