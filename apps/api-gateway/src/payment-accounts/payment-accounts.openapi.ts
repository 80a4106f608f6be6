import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { API_MODES } from '@lipa/contracts';
import { SuccessResponse } from '../http/openapi';

/** Whether the account pushes with the merchant's own Daraja app; its secrets are never returned. */
export class DarajaAppStatus {
  @ApiProperty({ description: 'false: pushes use the platform’s Daraja app.', example: true }) configured: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'The consumer key’s last four characters, masked; null when not configured.', example: '****Xk9q' })
  consumer_key: string | null;
}

/** A payment account as the routes show it (payment-accounts/payment-account.ts paymentAccountView). */
export class PaymentAccount {
  @ApiProperty({ pattern: '^#\\d{5}$', description: 'Numbered per merchant; `payment_id` of `POST /v1/stk-push`.', example: '#00001' }) payment_id: string;
  @ApiProperty({ enum: ['paybill', 'till'], example: 'paybill' }) type: 'paybill' | 'till';
  @ApiProperty({ description: 'The paybill or till number.', example: '174379' }) number: string;
  @ApiProperty({ type: String, nullable: true, description: 'Tills only: the store (head office) number pushes go to; null: the till itself.', example: null })
  store_number: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Default AccountReference of pushes to this account (at most 12 characters).', example: 'SHOP' })
  account_reference: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Main shop' }) label: string | null;
  @ApiProperty({ enum: API_MODES, description: 'The mode of the credential that created it; only that mode sees and uses it.', example: 'test' }) mode:
    'test' | 'live';
  @ApiProperty({ description: 'Pushes without a `payment_id` go to the primary account of their mode.', example: true }) is_primary: boolean;
  @ApiProperty({ type: DarajaAppStatus }) daraja_app: DarajaAppStatus;
  @ApiProperty({ format: 'date-time', example: '2026-11-24T09:30:00.000Z' }) created_at: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-24T09:30:00.000Z' }) updated_at: string;
}

export class PaymentAccountSavedResponse extends IntersectionType(SuccessResponse, PaymentAccount) {
  @ApiProperty({ example: 'Payment account saved' }) declare message: string;
}

export class PaymentAccountUpdatedResponse extends IntersectionType(SuccessResponse, PaymentAccount) {
  @ApiProperty({ example: 'Payment account updated' }) declare message: string;
}
