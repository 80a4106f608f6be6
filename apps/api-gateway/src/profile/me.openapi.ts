import { ApiProperty } from '@nestjs/swagger';
import { API_MODES } from '@lipa/contracts';
import { SuccessResponse } from '../http/openapi';
import { ApiKey } from '../keys/keys.openapi';
import { PaymentAccount } from '../payment-accounts/payment-accounts.openapi';

/** merchants/merchant.ts subscriptionView: money moves only while it is `active`. */
export class Subscription {
  @ApiProperty({
    enum: ['active', 'expired', 'none'],
    description: '`active` until `expires_at`; POSTs that move money answer 402 `subscription_inactive` otherwise.',
    example: 'active',
  })
  status: 'active' | 'expired' | 'none';
  @ApiProperty({ type: String, nullable: true, example: 'trial' }) plan: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-12-24T09:30:00.000Z' }) expires_at: string | null;
}

/** Switches an admin sets per merchant (PATCH /v1/admin/merchants/{id}/switches). */
export class MerchantSwitches {
  @ApiProperty({ example: false }) withdrawal_enabled: boolean;
  @ApiProperty({ example: false }) send_money_enabled: boolean;
  @ApiProperty({ example: false }) auto_b2c_enabled: boolean;
}

/** `GET /v1/me` (profile/me.controller.ts). */
export class ProfileResponse extends SuccessResponse {
  @ApiProperty({ example: 'Profile retrieved' }) declare message: string;
  @ApiProperty({ example: 'mch_5b2e8c1f0a9d4e7b3c6f1a2d' }) merchant_id: string;
  @ApiProperty({ example: 'mama_mboga' }) username: string;
  @ApiProperty({ example: 'wanjiru@example.co.ke' }) email: string;
  @ApiProperty({ type: String, nullable: true, example: '254712345678' }) phone: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Mama Mboga Groceries' }) business_name: string | null;
  @ApiProperty({ enum: ['merchant', 'admin'], example: 'merchant' }) role: 'merchant' | 'admin';
  @ApiProperty({ enum: ['active', 'suspended'], example: 'active' }) status: 'active' | 'suspended';
  @ApiProperty({ description: 'Whether an admin approved the merchant for live keys and payments.', example: false }) live_approved: boolean;
  @ApiProperty({ format: 'date-time', example: '2026-11-24T09:30:00.000Z' }) created_at: string;
  @ApiProperty({ enum: ['secret_key', 'api_key_pair', 'oauth', 'session'], description: 'How this request authenticated.', example: 'session' })
  auth_method: 'secret_key' | 'api_key_pair' | 'oauth' | 'session';
  @ApiProperty({ enum: API_MODES, description: "The request's mode: the credential's, or X-Lipa-Mode for a portal session.", example: 'test' })
  mode: 'test' | 'live';
  @ApiProperty({ type: Subscription }) subscription: Subscription;
  @ApiProperty({ type: MerchantSwitches }) switches: MerchantSwitches;
  @ApiProperty({ type: [ApiKey], description: 'Every key of the merchant, both modes, secrets masked; newest first, at most 100.' }) api_keys: ApiKey[];
  @ApiProperty({ type: [PaymentAccount], description: 'Every payment account of the merchant, both modes; at most 100.' }) payment_accounts: PaymentAccount[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'Payment links; always empty until they are built. The field is here so clients can rely on it.',
    example: [],
  })
  links: object[];
}
