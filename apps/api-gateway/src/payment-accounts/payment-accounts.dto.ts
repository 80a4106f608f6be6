import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';

const DIGITS = /^\d{5,8}$/;

/** The merchant's own Daraja app, all optional; consumer key and secret come together. */
class DarajaAppFields {
  @ValidateIf((o: DarajaAppFields) => o.consumer_key !== undefined || o.consumer_secret !== undefined)
  @IsString({ message: 'consumer_key is required with consumer_secret' })
  @MinLength(1)
  @MaxLength(256)
  consumer_key?: string;
  @ValidateIf((o: DarajaAppFields) => o.consumer_key !== undefined || o.consumer_secret !== undefined)
  @IsString({ message: 'consumer_secret is required with consumer_key' })
  @MinLength(1)
  @MaxLength(256)
  consumer_secret?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(256) passkey?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(64) initiator_name?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(256) initiator_password?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(4096) security_credential?: string;
}

export class CreatePaymentAccountDto extends DarajaAppFields {
  @IsIn(['paybill', 'till'], { message: 'type must be paybill or till' }) type: 'paybill' | 'till';
  @IsString() @Matches(DIGITS, { message: 'number must be a paybill or till number of 5 to 8 digits' }) number: string;
  /** A till's store (head office) number, the BusinessShortCode of its pushes; defaults to the till itself. */
  @IsOptional() @IsString() @Matches(DIGITS, { message: 'store_number must be 5 to 8 digits' }) store_number?: string;
  /** Daraja shows at most 12 characters of AccountReference. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(12) account_reference?: string;
  @IsOptional() @IsString() @MaxLength(64) label?: string;
  @IsOptional() @IsBoolean() primary?: boolean;
}

export class UpdatePaymentAccountDto extends DarajaAppFields {
  @IsOptional() @IsIn(['paybill', 'till'], { message: 'type must be paybill or till' }) type?: 'paybill' | 'till';
  @IsOptional() @IsString() @Matches(DIGITS, { message: 'number must be a paybill or till number of 5 to 8 digits' }) number?: string;
  @IsOptional() @IsString() @Matches(DIGITS, { message: 'store_number must be 5 to 8 digits' }) store_number?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(12) account_reference?: string;
  @IsOptional() @IsString() @MaxLength(64) label?: string;
  /** true makes this the primary account of its mode; the previous primary stops being one. */
  @IsOptional() @IsIn([true], { message: 'primary can only be set to true (make another account primary instead)' }) primary?: true;
  /** true removes the merchant's own Daraja app: pushes then use the platform's. */
  @IsOptional() @IsIn([true]) remove_daraja_app?: true;
}

export const PAYMENT_ID_PATTERN = /^#\d{5}$/;
