import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { AdminOnly } from '../auth/access';
import { type AuthContext, CurrentAuth, RequestId } from '../auth/auth-context';
import { merchantAdminView } from '../merchants/merchant';
import { offsetOf, page } from '../http/pagination';
import { AuditLogQuery, MerchantSearchQuery, MerchantSwitchesDto, PlatformSettingsDto, RateLimitDto, SubscriptionDto, SuspendMerchantDto } from './admin.dto';
import { Actor, AdministerMerchants } from './administer-merchants.use-case';

const actor = (auth: AuthContext, requestId: string): Actor => ({ adminId: auth.merchantId, requestId });

/** Admins only, by portal session; every change is in the audit log. */
@Controller('v1/admin')
@AdminOnly()
export class AdminController {
  constructor(private readonly admin: AdministerMerchants) {}

  @Get('merchants')
  async merchants(@Query() q: MerchantSearchQuery) {
    const { rows, total } = await this.admin.search({ search: q.search, status: q.status, role: q.role }, offsetOf(q));
    return { success: true, message: 'Merchants retrieved', ...page(rows.map(merchantAdminView), total, q) };
  }

  @Get('merchants/:id')
  async merchant(@Param('id') id: string) {
    return { success: true, message: 'Merchant retrieved', ...merchantAdminView(await this.admin.get(id)) };
  }

  @Post('merchants/:id/approve-live')
  @HttpCode(200)
  async approveLive(@CurrentAuth() auth: AuthContext, @RequestId() requestId: string, @Param('id') id: string) {
    return { success: true, message: 'Merchant approved for live payments', ...merchantAdminView(await this.admin.approveLive(actor(auth, requestId), id)) };
  }

  @Post('merchants/:id/suspend')
  @HttpCode(200)
  async suspend(@CurrentAuth() auth: AuthContext, @RequestId() requestId: string, @Param('id') id: string, @Body() body: SuspendMerchantDto) {
    return { success: true, message: 'Merchant suspended', ...merchantAdminView(await this.admin.suspend(actor(auth, requestId), id, body.reason)) };
  }

  @Post('merchants/:id/reactivate')
  @HttpCode(200)
  async reactivate(@CurrentAuth() auth: AuthContext, @RequestId() requestId: string, @Param('id') id: string) {
    return { success: true, message: 'Merchant reactivated', ...merchantAdminView(await this.admin.reactivate(actor(auth, requestId), id)) };
  }

  @Patch('merchants/:id/switches')
  async switches(@CurrentAuth() auth: AuthContext, @RequestId() requestId: string, @Param('id') id: string, @Body() body: MerchantSwitchesDto) {
    return { success: true, message: 'Switches updated', ...merchantAdminView(await this.admin.setSwitches(actor(auth, requestId), id, body)) };
  }

  @Put('merchants/:id/subscription')
  async subscription(@CurrentAuth() auth: AuthContext, @RequestId() requestId: string, @Param('id') id: string, @Body() body: SubscriptionDto) {
    return { success: true, message: 'Subscription updated', ...merchantAdminView(await this.admin.setSubscription(actor(auth, requestId), id, body)) };
  }

  @Put('merchants/:id/rate-limit')
  async rateLimit(@CurrentAuth() auth: AuthContext, @RequestId() requestId: string, @Param('id') id: string, @Body() body: RateLimitDto) {
    return { success: true, message: 'Rate limit updated', ...merchantAdminView(await this.admin.setRateLimit(actor(auth, requestId), id, body.per_minute)) };
  }

  @Get('settings')
  async settings() {
    return { success: true, message: 'Settings retrieved', ...(await this.admin.getSettings()) };
  }

  @Patch('settings')
  async updateSettings(@CurrentAuth() auth: AuthContext, @RequestId() requestId: string, @Body() body: PlatformSettingsDto) {
    return { success: true, message: 'Settings updated', ...(await this.admin.setSettings(actor(auth, requestId), body)) };
  }

  @Get('audit-log')
  async auditLog(@Query() q: AuditLogQuery) {
    const { rows, total } = await this.admin.auditLog({ targetId: q.merchant_id, action: q.action }, offsetOf(q));
    const entries = rows.map((r) => ({
      id: Number(r.id),
      actor_id: r.actor_id,
      action: r.action,
      target_type: r.target_type,
      target_id: r.target_id,
      before: r.before,
      after: r.after,
      request_id: r.request_id,
      created_at: r.created_at.toISOString(),
    }));
    return { success: true, message: 'Audit log retrieved', ...page(entries, total, q) };
  }
}
