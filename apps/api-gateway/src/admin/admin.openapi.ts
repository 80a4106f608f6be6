import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { type ErrorSpec, SuccessResponse } from '../http/openapi';
import { MerchantSwitches, Subscription } from '../profile/me.openapi';

/** What an admin sees of a merchant (merchants/merchant.ts merchantAdminView). */
export class AdminMerchant {
  @ApiProperty({ example: 'mch_5b2e8c1f0a9d4e7b3c6f1a2d' }) merchant_id: string;
  @ApiProperty({ example: 'mama_mboga' }) username: string;
  @ApiProperty({ example: 'wanjiru@example.co.ke' }) email: string;
  @ApiProperty({ type: String, nullable: true, example: '254712345678' }) phone: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Mama Mboga Groceries' }) business_name: string | null;
  @ApiProperty({ enum: ['merchant', 'admin'], example: 'merchant' }) role: 'merchant' | 'admin';
  @ApiProperty({ enum: ['active', 'suspended'], description: 'Suspended: every credential and log-in is refused.', example: 'active' })
  status: 'active' | 'suspended';
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) suspended_at: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) suspension_reason: string | null;
  @ApiProperty({ example: true }) live_approved: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-11-25T08:00:00.000Z' }) live_approved_at: string | null;
  @ApiProperty({ type: MerchantSwitches }) switches: MerchantSwitches;
  @ApiProperty({ type: Subscription }) subscription: Subscription;
  @ApiProperty({ type: Number, nullable: true, description: 'Requests per minute for each of its credentials; null: the platform default.', example: null })
  rate_limit_per_minute: number | null;
  @ApiProperty({ format: 'date-time', example: '2026-11-24T09:30:00.000Z' }) created_at: string;
}

/** One merchant after a read or a change; each route's example shows its own message. */
export class AdminMerchantResponse extends IntersectionType(SuccessResponse, AdminMerchant) {}

const EXAMPLE_MERCHANT = {
  merchant_id: 'mch_5b2e8c1f0a9d4e7b3c6f1a2d',
  username: 'mama_mboga',
  email: 'wanjiru@example.co.ke',
  phone: '254712345678',
  business_name: 'Mama Mboga Groceries',
  role: 'merchant',
  status: 'active',
  suspended_at: null,
  suspension_reason: null,
  live_approved: true,
  live_approved_at: '2026-11-25T08:00:00.000Z',
  switches: { withdrawal_enabled: false, send_money_enabled: false, auto_b2c_enabled: false },
  subscription: { status: 'active', plan: 'trial', expires_at: '2026-12-24T09:30:00.000Z' },
  rate_limit_per_minute: null,
  created_at: '2026-11-24T09:30:00.000Z',
};

/** A whole example body of an AdminMerchantResponse: `message`, and the merchant as the change leaves it. */
export function adminMerchantExample(message: string, changes: Partial<Record<keyof typeof EXAMPLE_MERCHANT, unknown>> = {}) {
  return { success: true, message, ...EXAMPLE_MERCHANT, ...changes };
}

export class PlatformSettingsResponse extends SuccessResponse {
  @ApiProperty({ example: 'Settings retrieved' }) declare message: string;
  @ApiProperty({ description: 'Platform-wide: whether payouts may go out automatically (each merchant also has its own switch).', example: false })
  auto_b2c_enabled: boolean;
}

export const AUDIT_ACTIONS = [
  'merchant.approve_live',
  'merchant.suspend',
  'merchant.reactivate',
  'merchant.set_switches',
  'merchant.set_subscription',
  'merchant.set_rate_limit',
  'settings.update',
];

/** One change by an admin, written in the transaction of the change (admin/audit-log.repository.ts). */
export class AuditLogEntry {
  @ApiProperty({ type: 'integer', description: 'Grows with time: newest entries have the highest ids.', example: 42 }) id: number;
  @ApiProperty({ description: 'The admin’s merchant id.', example: 'mch_0a1b2c3d4e5f60718293a4b5' }) actor_id: string;
  @ApiProperty({ enum: AUDIT_ACTIONS, example: 'merchant.suspend' }) action: string;
  @ApiProperty({ enum: ['merchant', 'settings'], example: 'merchant' }) target_type: 'merchant' | 'settings';
  @ApiProperty({ type: String, nullable: true, description: 'The merchant id; null for settings.', example: 'mch_5b2e8c1f0a9d4e7b3c6f1a2d' }) target_id:
    string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'The target before the change: a merchant as `GET /v1/admin/merchants/{id}` shows it, or the settings.',
    example: { status: 'active', suspension_reason: null },
  })
  before: Record<string, unknown> | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'The target after the change, in the same shape.',
    example: { status: 'suspended', suspension_reason: 'Chargebacks under review' },
  })
  after: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true, description: 'The request that made the change.', example: 'req_7b0c5c3e-2f4a-4d7e-9a51-3c2b1e0f6a9d' })
  request_id: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-11-26T10:15:00.000Z' }) created_at: string;
}

export const CANNOT_SUSPEND_SELF: ErrorSpec = {
  code: 'cannot_suspend_self',
  status: 422,
  description: 'An admin cannot suspend their own account.',
  message: 'An admin cannot suspend their own account',
};

export const MERCHANT_NOT_FOUND: ErrorSpec = {
  code: 'merchant_not_found',
  status: 404,
  description: 'No merchant has this id.',
  message: 'Merchant not found',
};
