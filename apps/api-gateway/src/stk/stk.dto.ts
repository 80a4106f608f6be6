import { IsOptional, IsString, IsUrl, Length, Matches, MaxLength } from 'class-validator';
import { DigitsToNumber, IsKenyanMsisdn, IsWholeKes, MAX_STK_AMOUNT_KES, MIN_STK_AMOUNT_KES } from '../http/validators';

export class StkPushDto {
  @IsKenyanMsisdn() phone: string;
  @DigitsToNumber() @IsWholeKes(MIN_STK_AMOUNT_KES, MAX_STK_AMOUNT_KES) amount: number;
  /**
   * Daraja shows at most 12 characters of it in the prompt; stk-service truncates, not the gateway.
   * Optional as in the Merchant Portal: the payment account's account_reference is used without it.
   */
  @IsOptional() @IsString() @Length(1, 64) reference?: string;
  @IsOptional() @IsString() @MaxLength(128) description?: string;
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  callback_url?: string;
  /** `#00001`: which payment account collects; default the primary one of the key's mode. */
  @IsOptional() @IsString() @Matches(/^#\d{5}$/, { message: 'payment_id must look like #00001' }) payment_id?: string;
}

export class StkStatusDto {
  @IsString() @Length(1, 128) checkout_request_id: string;
}
