import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CodedError, NotFoundError } from '@lipa/platform';
import { MerchantRow, merchantAdminView } from '../merchants/merchant';
import { MerchantChanges, MerchantsRepository } from '../merchants/merchants.repository';
import { AuditLogRepository, AuditRow } from './audit-log.repository';
import type { MerchantSwitchesDto, SubscriptionDto } from './admin.dto';
import { PlatformSettings, SettingsRepository } from './settings.repository';

export interface Actor {
  adminId: string;
  requestId: string;
}

const notFound = () => new NotFoundError('merchant_not_found', 'Merchant not found');

/** The new expiry: an explicit date, or `days` added to the later of now and the current expiry. */
export function newExpiry(input: Pick<SubscriptionDto, 'expires_at' | 'days'>, current: Date | null, now = new Date()): Date {
  if (input.days !== undefined) {
    const from = current && current > now ? current : now;
    return new Date(from.getTime() + input.days * 86_400_000);
  }
  return new Date(input.expires_at as string);
}

/**
 * Every admin change: the merchant row locked, changed, and an audit entry with who, what, when,
 * before and after, all in one transaction.
 */
@Injectable()
export class AdministerMerchants {
  constructor(
    private readonly dataSource: DataSource,
    private readonly merchants: MerchantsRepository,
    private readonly audit: AuditLogRepository,
    private readonly settings: SettingsRepository,
  ) {}

  search(filter: { search?: string; status?: string; role?: string }, page: { offset: number; limit: number }) {
    return this.merchants.search(this.dataSource.manager, filter, page);
  }

  async get(id: string): Promise<MerchantRow> {
    const merchant = await this.merchants.findById(this.dataSource.manager, id);
    if (!merchant) throw notFound();
    return merchant;
  }

  approveLive(actor: Actor, id: string): Promise<MerchantRow> {
    return this.change(actor, id, 'merchant.approve_live', (m) => (m.live_approved_at ? {} : { live_approved_at: new Date() }));
  }

  suspend(actor: Actor, id: string, reason: string): Promise<MerchantRow> {
    if (id === actor.adminId) throw new CodedError('cannot_suspend_self', 422, 'An admin cannot suspend their own account');
    return this.change(actor, id, 'merchant.suspend', () => ({ status: 'suspended', suspended_at: new Date(), suspension_reason: reason }));
  }

  reactivate(actor: Actor, id: string): Promise<MerchantRow> {
    return this.change(actor, id, 'merchant.reactivate', () => ({ status: 'active', suspended_at: null, suspension_reason: null }));
  }

  setSwitches(actor: Actor, id: string, switches: MerchantSwitchesDto): Promise<MerchantRow> {
    return this.change(actor, id, 'merchant.set_switches', () => ({ ...switches }));
  }

  setSubscription(actor: Actor, id: string, input: SubscriptionDto): Promise<MerchantRow> {
    return this.change(actor, id, 'merchant.set_subscription', (m) => ({
      subscription_plan: input.plan,
      subscription_expires_at: newExpiry(input, m.subscription_expires_at),
    }));
  }

  setRateLimit(actor: Actor, id: string, perMinute: number | null): Promise<MerchantRow> {
    return this.change(actor, id, 'merchant.set_rate_limit', () => ({ rate_limit_per_minute: perMinute }));
  }

  getSettings(): Promise<PlatformSettings> {
    return this.settings.get(this.dataSource.manager);
  }

  async setSettings(actor: Actor, next: PlatformSettings): Promise<PlatformSettings> {
    return this.dataSource.transaction(async (tx) => {
      const before = await this.settings.get(tx, true);
      await this.settings.set(tx, 'auto_b2c_enabled', next.auto_b2c_enabled);
      const after = await this.settings.get(tx);
      await this.audit.append(tx, {
        actor_id: actor.adminId,
        action: 'settings.update',
        target_type: 'settings',
        target_id: null,
        before,
        after,
        request_id: actor.requestId,
      });
      return after;
    });
  }

  auditLog(filter: { targetId?: string; action?: string }, page: { offset: number; limit: number }): Promise<{ rows: AuditRow[]; total: number }> {
    return this.audit.list(this.dataSource.manager, filter, page);
  }

  private change(actor: Actor, id: string, action: string, changes: (m: MerchantRow) => MerchantChanges): Promise<MerchantRow> {
    return this.dataSource.transaction(async (tx: EntityManager) => {
      const before = await this.merchants.lock(tx, id);
      if (!before) throw notFound();
      const after = await this.merchants.update(tx, id, changes(before));
      await this.audit.append(tx, {
        actor_id: actor.adminId,
        action,
        target_type: 'merchant',
        target_id: id,
        before: merchantAdminView(before),
        after: merchantAdminView(after),
        request_id: actor.requestId,
      });
      return after;
    });
  }
}
