import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../auth/access';
import { type AuthContext, CurrentAuth, RequestId } from '../auth/auth-context';
import { ApiAdminOnly, ApiRateLimitHeaders, RATE_LIMIT_HEADERS, validationError } from '../auth/auth.openapi';
import { ApiErrors, ApiPage } from '../http/openapi';
import { merchantAdminView } from '../merchants/merchant';
import { offsetOf, page } from '../http/pagination';
import { AuditLogQuery, MerchantSearchQuery, MerchantSwitchesDto, PlatformSettingsDto, RateLimitDto, SubscriptionDto, SuspendMerchantDto } from './admin.dto';
import {
  AdminMerchant,
  AdminMerchantResponse,
  AuditLogEntry,
  CANNOT_SUSPEND_SELF,
  MERCHANT_NOT_FOUND,
  PlatformSettingsResponse,
  adminMerchantExample,
} from './admin.openapi';
import { Actor, AdministerMerchants } from './administer-merchants.use-case';

const actor = (auth: AuthContext, requestId: string): Actor => ({ adminId: auth.merchantId, requestId });

/** The `{id}` of every merchant route. */
const MerchantId = () => ApiParam({ name: 'id', description: 'The `merchant_id`.', example: 'mch_5b2e8c1f0a9d4e7b3c6f1a2d' });

/** 200 with one merchant as the route leaves it. */
const MerchantOk = (message: string, changes?: Parameters<typeof adminMerchantExample>[1]) =>
  ApiOkResponse({
    type: AdminMerchantResponse,
    headers: RATE_LIMIT_HEADERS,
    description: 'The merchant as it now is.',
    example: adminMerchantExample(message, changes),
  });

/** Admins only, by portal session; every change is in the audit log. */
@Controller('v1/admin')
@AdminOnly()
@ApiTags('Admin')
@ApiAdminOnly()
export class AdminController {
  constructor(private readonly admin: AdministerMerchants) {}

  @Get('merchants')
  @ApiOperation({ summary: 'Search merchants', description: 'Newest first, filtered by any of `search`, `status` and `role`, one page at a time.' })
  @ApiPage(AdminMerchant, { description: 'One page of merchants.', message: 'Merchants retrieved' })
  @ApiRateLimitHeaders()
  @ApiErrors(validationError('limit must not be greater than 100'))
  async merchants(@Query() q: MerchantSearchQuery) {
    const { rows, total } = await this.admin.search({ search: q.search, status: q.status, role: q.role }, offsetOf(q));
    return { success: true, message: 'Merchants retrieved', ...page(rows.map(merchantAdminView), total, q) };
  }

  @Get('merchants/:id')
  @ApiOperation({ summary: 'Get a merchant', description: 'Its status, live approval, switches, subscription and rate limit; never its password or keys.' })
  @MerchantId()
  @MerchantOk('Merchant retrieved')
  @ApiErrors(MERCHANT_NOT_FOUND)
  async merchant(@Param('id') id: string) {
    return { success: true, message: 'Merchant retrieved', ...merchantAdminView(await this.admin.get(id)) };
  }

  @Post('merchants/:id/approve-live')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Approve a merchant for live payments',
    description: 'From then on it may create live keys and act in live mode. Approving an approved merchant keeps the first approval time. Audited.',
  })
  @MerchantId()
  @MerchantOk('Merchant approved for live payments')
  @ApiErrors('invalid_json', MERCHANT_NOT_FOUND)
  async approveLive(@CurrentAuth() auth: AuthContext, @RequestId() requestId: string, @Param('id') id: string) {
    return { success: true, message: 'Merchant approved for live payments', ...merchantAdminView(await this.admin.approveLive(actor(auth, requestId), id)) };
  }

  @Post('merchants/:id/suspend')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Suspend a merchant',
    description:
      'Takes effect at once: every API key, OAuth token and portal session of the merchant is refused (403 `merchant_suspended`), and so is log-in, until it is reactivated. Audited with the reason.',
  })
  @MerchantId()
  @ApiBody({ type: SuspendMerchantDto, examples: { reason: { summary: 'With a reason', value: { reason: 'Chargebacks under review' } } } })
  @MerchantOk('Merchant suspended', { status: 'suspended', suspended_at: '2026-11-26T10:15:00.000Z', suspension_reason: 'Chargebacks under review' })
  @ApiErrors(validationError('reason is required'), 'invalid_json', MERCHANT_NOT_FOUND, CANNOT_SUSPEND_SELF)
  async suspend(@CurrentAuth() auth: AuthContext, @RequestId() requestId: string, @Param('id') id: string, @Body() body: SuspendMerchantDto) {
    return { success: true, message: 'Merchant suspended', ...merchantAdminView(await this.admin.suspend(actor(auth, requestId), id, body.reason)) };
  }

  @Post('merchants/:id/reactivate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reactivate a merchant',
    description: 'Its existing keys, tokens and sessions work again at once; the suspension reason is cleared. Audited.',
  })
  @MerchantId()
  @MerchantOk('Merchant reactivated')
  @ApiErrors('invalid_json', MERCHANT_NOT_FOUND)
  async reactivate(@CurrentAuth() auth: AuthContext, @RequestId() requestId: string, @Param('id') id: string) {
    return { success: true, message: 'Merchant reactivated', ...merchantAdminView(await this.admin.reactivate(actor(auth, requestId), id)) };
  }

  @Patch('merchants/:id/switches')
  @ApiOperation({ summary: "Set a merchant's switches", description: 'Only the switches sent change. Audited with before and after.' })
  @MerchantId()
  @ApiBody({
    type: MerchantSwitchesDto,
    examples: {
      payouts: { summary: 'Allow withdrawals and sending money', value: { withdrawal_enabled: true, send_money_enabled: true } },
      auto: { summary: 'Stop automatic payouts', value: { auto_b2c_enabled: false } },
    },
  })
  @MerchantOk('Switches updated', { switches: { withdrawal_enabled: true, send_money_enabled: true, auto_b2c_enabled: false } })
  @ApiErrors(validationError('withdrawal_enabled must be a boolean value'), 'invalid_json', MERCHANT_NOT_FOUND)
  async switches(@CurrentAuth() auth: AuthContext, @RequestId() requestId: string, @Param('id') id: string, @Body() body: MerchantSwitchesDto) {
    return { success: true, message: 'Switches updated', ...merchantAdminView(await this.admin.setSwitches(actor(auth, requestId), id, body)) };
  }

  @Put('merchants/:id/subscription')
  @ApiOperation({
    summary: "Set a merchant's subscription",
    description:
      'A plan with either an expiry date or a number of days, added to the current expiry if it is still ahead, else to now. Money moves only while the subscription is active. Audited.',
  })
  @MerchantId()
  @ApiBody({
    type: SubscriptionDto,
    examples: {
      days: { summary: 'Extend by 30 days', value: { plan: 'monthly', days: 30 } },
      date: { summary: 'Until a date', value: { plan: 'annual', expires_at: '2027-11-30T23:59:59.000Z' } },
    },
  })
  @MerchantOk('Subscription updated', { subscription: { status: 'active', plan: 'monthly', expires_at: '2027-01-23T09:30:00.000Z' } })
  @ApiErrors(validationError('expires_at must be an ISO 8601 date, or give days'), 'invalid_json', MERCHANT_NOT_FOUND)
  async subscription(@CurrentAuth() auth: AuthContext, @RequestId() requestId: string, @Param('id') id: string, @Body() body: SubscriptionDto) {
    return { success: true, message: 'Subscription updated', ...merchantAdminView(await this.admin.setSubscription(actor(auth, requestId), id, body)) };
  }

  @Put('merchants/:id/rate-limit')
  @ApiOperation({
    summary: "Set a merchant's rate limit",
    description: "Requests per minute for each of the merchant's credentials, instead of the platform default; `null` goes back to the default. Audited.",
  })
  @MerchantId()
  @ApiBody({
    type: RateLimitDto,
    examples: { raise: { summary: 'A higher limit', value: { per_minute: 1200 } }, reset: { summary: 'Back to the default', value: { per_minute: null } } },
  })
  @MerchantOk('Rate limit updated', { rate_limit_per_minute: 1200 })
  @ApiErrors(validationError('per_minute must not be less than 1'), 'invalid_json', MERCHANT_NOT_FOUND)
  async rateLimit(@CurrentAuth() auth: AuthContext, @RequestId() requestId: string, @Param('id') id: string, @Body() body: RateLimitDto) {
    return { success: true, message: 'Rate limit updated', ...merchantAdminView(await this.admin.setRateLimit(actor(auth, requestId), id, body.per_minute)) };
  }

  @Get('settings')
  @ApiOperation({ summary: 'Get the platform settings' })
  @ApiOkResponse({ type: PlatformSettingsResponse, headers: RATE_LIMIT_HEADERS, description: 'The settings.' })
  async settings() {
    return { success: true, message: 'Settings retrieved', ...(await this.admin.getSettings()) };
  }

  @Patch('settings')
  @ApiOperation({ summary: 'Change the platform settings', description: 'Audited with before and after.' })
  @ApiBody({ type: PlatformSettingsDto, examples: { off: { summary: 'Stop automatic payouts platform-wide', value: { auto_b2c_enabled: false } } } })
  @ApiOkResponse({
    type: PlatformSettingsResponse,
    headers: RATE_LIMIT_HEADERS,
    description: 'The settings as they now are.',
    example: { success: true, message: 'Settings updated', auto_b2c_enabled: false },
  })
  @ApiErrors(validationError('auto_b2c_enabled is required'), 'invalid_json')
  async updateSettings(@CurrentAuth() auth: AuthContext, @RequestId() requestId: string, @Body() body: PlatformSettingsDto) {
    return { success: true, message: 'Settings updated', ...(await this.admin.setSettings(actor(auth, requestId), body)) };
  }

  @Get('audit-log')
  @ApiOperation({ summary: 'Read the audit log', description: 'Every admin change, newest first: who, what, when, before and after.' })
  @ApiPage(AuditLogEntry, { description: 'One page of entries.', message: 'Audit log retrieved' })
  @ApiRateLimitHeaders()
  @ApiErrors(validationError('page must be a whole number'))
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
