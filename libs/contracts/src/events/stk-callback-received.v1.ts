import { IsInt, IsOptional, IsString, Matches } from 'class-validator';

/**
 * callback-ingest → stk-service: Safaricom's STK callback, parsed, after the raw body was stored
 * and duplicates were dropped. `transaction_id` comes from the verified token in the callback path.
 */
export class StkCallbackReceivedV1 {
  static readonly type = 'stk.callback.received';
  @IsString() callback_id: string;
  @IsString() transaction_id: string;
  @IsString() checkout_request_id: string;
  @IsString() merchant_request_id: string;
  /** M-Pesa's code as text: usually numeric, sometimes not (`SFC_IC0003`). */
  @IsString() result_code: string;
  @IsString() result_desc: string;
  @IsOptional() @IsInt() amount?: number;
  @IsOptional() @IsString() mpesa_receipt_number?: string;
  @IsOptional() @Matches(/^\d{14}$/) transaction_date?: string;
  @IsOptional() @IsString() phone_number?: string;
}
