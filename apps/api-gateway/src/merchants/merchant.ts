import type { ApiMode } from '@lipa/contracts';

export type MerchantRole = 'merchant' | 'admin';
export type MerchantStatus = 'active' | 'suspended';
export type SubscriptionStatus = 'active' | 'expired' | 'none';

export interface MerchantRow {
  id: string;
  username: string;
  email: string;
  phone: string | null;
  business_name: string | null;
  password_hash: string;
  status: MerchantStatus;
  role: MerchantRole;
  live_approved_at: Date | null;
  suspended_at: Date | null;
  suspension_reason: string | null;
  withdrawal_enabled: boolean;
  send_money_enabled: boolean;
  auto_b2c_enabled: boolean;
  subscription_plan: string | null;
  subscription_expires_at: Date | null;
  rate_limit_per_minute: number | null;
  created_at: Date;
  updated_at: Date;
}

/** The subscription as the Merchant Portal's merchants know it: active until it expires. */
export function subscriptionStatus(m: Pick<MerchantRow, 'subscription_expires_at'>, now = new Date()): SubscriptionStatus {
  if (!m.subscription_expires_at) return 'none';
  return m.subscription_expires_at.getTime() > now.getTime() ? 'active' : 'expired';
}

export function canUseMode(m: Pick<MerchantRow, 'live_approved_at'>, mode: ApiMode): boolean {
  return mode === 'test' || m.live_approved_at !== null;
}

/** What an admin sees of a merchant (never the password hash). */
export function merchantAdminView(m: MerchantRow) {
  return {
    merchant_id: m.id,
    username: m.username,
    email: m.email,
    phone: m.phone,
    business_name: m.business_name,
    role: m.role,
    status: m.status,
    suspended_at: m.suspended_at?.toISOString() ?? null,
    suspension_reason: m.suspension_reason,
    live_approved: m.live_approved_at !== null,
    live_approved_at: m.live_approved_at?.toISOString() ?? null,
    switches: { withdrawal_enabled: m.withdrawal_enabled, send_money_enabled: m.send_money_enabled, auto_b2c_enabled: m.auto_b2c_enabled },
    subscription: subscriptionView(m),
    rate_limit_per_minute: m.rate_limit_per_minute,
    created_at: m.created_at.toISOString(),
  };
}

export function subscriptionView(m: Pick<MerchantRow, 'subscription_expires_at' | 'subscription_plan'>, now = new Date()) {
  return { status: subscriptionStatus(m, now), plan: m.subscription_plan, expires_at: m.subscription_expires_at?.toISOString() ?? null };
}
