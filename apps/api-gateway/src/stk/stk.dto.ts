import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { DigitsToNumber, IsKenyanMsisdn, IsWholeKes, MAX_STK_AMOUNT_KES, MIN_STK_AMOUNT_KES } from '../http/validators';

export class StkPushDto {
  @ApiProperty({ description: 'The payer: 07…, 01…, 7…, +254… or 254….', example: '0712345678' })
  @IsKenyanMsisdn()
  phone: string;
  @ApiProperty({
    type: 'integer',
    minimum: MIN_STK_AMOUNT_KES,
    maximum: MAX_STK_AMOUNT_KES,
    description: 'Whole KES. A string of digits ("100") is accepted too.',
    example: 100,
  })
  @DigitsToNumber()
  @IsWholeKes(MIN_STK_AMOUNT_KES, MAX_STK_AMOUNT_KES)
  amount: number;
  /**
   * Daraja shows at most 12 characters of it in the prompt; stk-service truncates, not the gateway.
   * Optional as in the Merchant Portal: the payment account's account_reference is used without it.
   */
  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 64,
    description: "AccountReference; the prompt shows its first 12 characters. Default: the payment account's account_reference.",
    example: 'INV-001',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  reference?: string;
  @ApiPropertyOptional({ maxLength: 128, example: 'Order 1' }) @IsOptional() @IsString() @MaxLength(128) description?: string;
  @ApiPropertyOptional({
    format: 'uri',
    maxLength: 2048,
    description:
      "Also receives this transaction's webhook events (the same bodies as endpoints get), signed with the merchant's signing secret for the mode (`GET /v1/webhook-signing-secret`). Absolute http(s); https for live. Private and loopback addresses are never called.",
    example: 'https://shop.example.co.ke/lipa/callback',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  callback_url?: string;
  /** `#00001`: which payment account collects; default the primary one of the key's mode. */
  @ApiPropertyOptional({ pattern: '^#\\d{5}$', description: 'Which payment account collects; default the primary one of the mode.', example: '#00001' })
  @IsOptional()
  @IsString()
  @Matches(/^#\d{5}$/, { message: 'payment_id must look like #00001' })
  payment_id?: string;
}

export class StkStatusDto {
  @ApiProperty({ minLength: 1, maxLength: 128, description: 'From the STK push answer.', example: 'ws_CO_191220191020363925' })
  @IsString()
  @Length(1, 128)
  checkout_request_id: string;
}
