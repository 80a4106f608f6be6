import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { IfPresent } from '../http/validators';

// Daraja's BusinessShortCode (a paybill, or a till's store number) and till numbers are 5 to 7 digits (docs/daraja.md).
const DIGITS = /^\d{5,7}$/;

/** The merchant's own Daraja app, all optional; consumer key and secret come together. */
class DarajaAppFields {
  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 256,
    description: 'Your own Daraja app’s consumer key, with `consumer_secret`. Absent: pushes use the platform’s app. Stored encrypted, never returned.',
    example: 'ExampleConsumerKey0000000000Xk9q',
  })
  @ValidateIf((o: DarajaAppFields) => o.consumer_key !== undefined || o.consumer_secret !== undefined)
  @IsString({ message: 'consumer_key is required with consumer_secret' })
  @MinLength(1)
  @MaxLength(256)
  consumer_key?: string;
  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 256,
    description: 'With `consumer_key`. Stored encrypted, never returned.',
    example: 'ExampleConsumerSecret0',
  })
  @ValidateIf((o: DarajaAppFields) => o.consumer_key !== undefined || o.consumer_secret !== undefined)
  @IsString({ message: 'consumer_secret is required with consumer_key' })
  @MinLength(1)
  @MaxLength(256)
  consumer_secret?: string;
  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 256,
    description:
      'The Lipa Na M-Pesa Online passkey of the shortcode. Alone (without a consumer key and secret) the platform’s app pushes to this shortcode with it. Stored encrypted, never returned.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  passkey?: string;
  @ApiPropertyOptional({ minLength: 1, maxLength: 64, description: 'For B2C and other initiator calls.', example: 'testapi' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  initiator_name?: string;
  @ApiPropertyOptional({ minLength: 1, maxLength: 256, format: 'password', description: 'Stored encrypted, never returned.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  initiator_password?: string;
  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 4096,
    description: 'The initiator password already encrypted with Safaricom’s certificate. Stored encrypted, never returned.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  security_credential?: string;
}

export class CreatePaymentAccountDto extends DarajaAppFields {
  @ApiProperty({ enum: ['paybill', 'till'], example: 'paybill' })
  @IsIn(['paybill', 'till'], { message: 'type must be paybill or till' })
  type: 'paybill' | 'till';
  @ApiProperty({ pattern: '^\\d{5,7}$', description: 'The paybill or till number, 5 to 7 digits.', example: '174379' })
  @IsString()
  @Matches(DIGITS, { message: 'number must be a paybill or till number of 5 to 7 digits' })
  number: string;
  /** A till's store (head office) number, the BusinessShortCode of its pushes; defaults to the till itself. */
  @ApiPropertyOptional({
    pattern: '^\\d{5,7}$',
    description: 'Tills only (400 for a paybill): the store (head office) number, BusinessShortCode of its pushes. Absent: the till itself.',
    example: '5174379',
  })
  @IsOptional()
  @IsString()
  @Matches(DIGITS, { message: 'store_number must be 5 to 7 digits' })
  store_number?: string;
  /** Daraja shows at most 12 characters of AccountReference. */
  @ApiPropertyOptional({ minLength: 1, maxLength: 12, description: 'Default AccountReference of pushes; Daraja shows at most 12 characters.', example: 'SHOP' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(12)
  account_reference?: string;
  @ApiPropertyOptional({ maxLength: 64, example: 'Main shop' }) @IsOptional() @IsString() @MaxLength(64) label?: string;
  @ApiPropertyOptional({
    description: 'true makes it the primary account of its mode. The first account of a mode is primary whatever this says.',
    example: false,
  })
  @IsOptional()
  @IsBoolean()
  primary?: boolean;
}

export class UpdatePaymentAccountDto extends DarajaAppFields {
  @ApiPropertyOptional({ enum: ['paybill', 'till'], description: 'Changing a till to a paybill clears its store_number.', example: 'till' })
  @IfPresent()
  @IsIn(['paybill', 'till'], { message: 'type must be paybill or till' })
  type?: 'paybill' | 'till';
  @ApiPropertyOptional({ pattern: '^\\d{5,7}$', example: '174379' })
  @IfPresent()
  @IsString()
  @Matches(DIGITS, { message: 'number must be a paybill or till number of 5 to 7 digits' })
  number?: string;
  @ApiPropertyOptional({ pattern: '^\\d{5,7}$', description: 'Tills only (400 for a paybill).', example: '5174379' })
  @IsOptional()
  @IsString()
  @Matches(DIGITS, { message: 'store_number must be 5 to 7 digits' })
  store_number?: string;
  @ApiPropertyOptional({ minLength: 1, maxLength: 12, example: 'SHOP' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(12) account_reference?: string;
  @ApiPropertyOptional({ maxLength: 64, example: 'Main shop' }) @IsOptional() @IsString() @MaxLength(64) label?: string;
  /** true makes this the primary account of its mode; the previous primary stops being one. */
  @ApiPropertyOptional({
    type: Boolean,
    enum: [true],
    description: 'Only `true`: makes this the primary account of its mode; the previous primary stops being one. To move it, make another account primary.',
    example: true,
  })
  @IsOptional()
  @IsIn([true], { message: 'primary can only be set to true (make another account primary instead)' })
  primary?: true;
  /** true removes the merchant's own Daraja app: pushes then use the platform's. */
  @ApiPropertyOptional({
    type: Boolean,
    enum: [true],
    description: 'Only `true`: forgets your own Daraja app, so pushes use the platform’s. Daraja app fields sent with it are ignored.',
  })
  @IsOptional()
  @IsIn([true])
  remove_daraja_app?: true;
}

export const PAYMENT_ID_PATTERN = /^#\d{5}$/;
