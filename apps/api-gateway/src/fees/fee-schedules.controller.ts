import { Body, Controller, Delete, Get, Param, Put } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { TRANSACTION_TYPES } from '@lipa/money';
import type { Actor } from '../admin/administer-merchants.use-case';
import { MERCHANT_NOT_FOUND } from '../admin/admin.openapi';
import { AdminOnly } from '../auth/access';
import { type AuthContext, CurrentAuth, RequestId } from '../auth/auth-context';
import { ApiAdminOnly, RATE_LIMIT_HEADERS, validationError } from '../auth/auth.openapi';
import { ApiErrors } from '../http/openapi';
import { AdministerFeeSchedules, transactionTypeOf } from './administer-fee-schedules.use-case';
import { FeeScheduleChangeResponse, FeeScheduleDoc, INVALID_FEE_SCHEDULE, MerchantFeeSchedulesResponse, PlatformFeeSchedulesResponse } from './fees.openapi';

const actor = (auth: AuthContext, requestId: string): Actor => ({ adminId: auth.merchantId, requestId });
const MerchantId = () => ApiParam({ name: 'id', description: 'The `merchant_id`.', example: 'mch_5b2e8c1f0a9d4e7b3c6f1a2d' });
const TypeParam = () => ApiParam({ name: 'type', enum: [...TRANSACTION_TYPES], description: 'The transaction type the schedule prices.', example: 'stk' });
const ScheduleBody = () =>
  ApiBody({
    type: FeeScheduleDoc,
    examples: {
      flat: { summary: 'KES 10 a transaction', value: { kind: 'flat', amount_minor: '1000' } },
      percentage: {
        summary: '1.5 %, at least KES 10, at most KES 500',
        value: { kind: 'percentage', basis_points: 150, min_minor: '1000', max_minor: '50000' },
      },
      tiered: {
        summary: 'KES 5 up to KES 1,000, then 1 %',
        value: {
          kind: 'tiered',
          tiers: [
            { up_to_minor: '100000', fee: { kind: 'flat', amount_minor: '500' } },
            { up_to_minor: '25000000', fee: { kind: 'percentage', basis_points: 100 } },
          ],
        },
      },
    },
  });
const ChangeOk = (description: string, example: Record<string, unknown>) =>
  ApiOkResponse({ type: FeeScheduleChangeResponse, headers: RATE_LIMIT_HEADERS, description, example: { success: true, ...example } });
const TYPE_ERROR = validationError('type must be one of stk, c2b, b2c, b2b');

/** Fee schedules (ledger-service's), read and set by admins; every change is in the audit log with before and after. */
@Controller('v1/admin')
@AdminOnly()
@ApiTags('Admin')
@ApiAdminOnly()
export class FeeSchedulesController {
  constructor(private readonly fees: AdministerFeeSchedules) {}

  @Get('fee-schedules')
  @ApiOperation({ summary: 'Get the platform fee schedules', description: 'The default schedule of each transaction type, for merchants without an override.' })
  @ApiOkResponse({ type: PlatformFeeSchedulesResponse, headers: RATE_LIMIT_HEADERS, description: 'The platform defaults.' })
  async platform(@CurrentAuth() auth: AuthContext, @RequestId() requestId: string) {
    const view = await this.fees.platform(actor(auth, requestId));
    return { success: true, message: 'Fee schedules retrieved', platform_defaults: view.platform_defaults };
  }

  @Put('fee-schedules/:type')
  @ApiOperation({
    summary: 'Set a platform fee schedule',
    description: 'Replaces the default schedule of one transaction type, for every merchant without an override of it. Audited with before and after.',
  })
  @TypeParam()
  @ScheduleBody()
  @ChangeOk('The schedule before and now.', {
    message: 'Fee schedule updated',
    scope: 'platform',
    merchant_id: null,
    transaction_type: 'stk',
    before: { kind: 'flat', amount_minor: '0' },
    after: { kind: 'flat', amount_minor: '1000' },
    changed: true,
  })
  @ApiErrors(INVALID_FEE_SCHEDULE, TYPE_ERROR, 'invalid_json')
  async setPlatform(@CurrentAuth() auth: AuthContext, @RequestId() requestId: string, @Param('type') type: string, @Body() schedule: unknown) {
    const result = await this.fees.setPlatformDefault(actor(auth, requestId), transactionTypeOf(type), schedule);
    return { success: true, message: 'Fee schedule updated', ...result };
  }

  @Get('merchants/:id/fee-schedules')
  @ApiOperation({
    summary: "Get a merchant's fee schedules",
    description: 'Its overrides, the platform defaults, and what applies to it per transaction type.',
  })
  @MerchantId()
  @ApiOkResponse({ type: MerchantFeeSchedulesResponse, headers: RATE_LIMIT_HEADERS, description: 'The schedules that price its transactions.' })
  @ApiErrors(MERCHANT_NOT_FOUND)
  async merchant(@CurrentAuth() auth: AuthContext, @RequestId() requestId: string, @Param('id') id: string) {
    const view = await this.fees.merchant(actor(auth, requestId), id);
    return { success: true, message: 'Fee schedules retrieved', ...view };
  }

  @Put('merchants/:id/fee-schedules/:type')
  @ApiOperation({
    summary: "Set a merchant's fee schedule",
    description: 'An override of one transaction type for this merchant; it replaces the platform default of that type whole. Audited with before and after.',
  })
  @MerchantId()
  @TypeParam()
  @ScheduleBody()
  @ChangeOk('The override before and now.', {
    message: 'Fee schedule updated',
    scope: 'merchant',
    merchant_id: 'mch_5b2e8c1f0a9d4e7b3c6f1a2d',
    transaction_type: 'stk',
    before: null,
    after: { kind: 'flat', amount_minor: '500' },
    changed: true,
  })
  @ApiErrors(INVALID_FEE_SCHEDULE, TYPE_ERROR, 'invalid_json', MERCHANT_NOT_FOUND)
  async setOverride(
    @CurrentAuth() auth: AuthContext,
    @RequestId() requestId: string,
    @Param('id') id: string,
    @Param('type') type: string,
    @Body() schedule: unknown,
  ) {
    const result = await this.fees.setOverride(actor(auth, requestId), id, transactionTypeOf(type), schedule);
    return { success: true, message: 'Fee schedule updated', ...result };
  }

  @Delete('merchants/:id/fee-schedules/:type')
  @ApiOperation({
    summary: "Remove a merchant's fee schedule",
    description: 'The platform default of that type applies to it again. Audited with before and after.',
  })
  @MerchantId()
  @TypeParam()
  @ChangeOk('The override before, and null.', {
    message: 'Fee schedule removed',
    scope: 'merchant',
    merchant_id: 'mch_5b2e8c1f0a9d4e7b3c6f1a2d',
    transaction_type: 'stk',
    before: { kind: 'flat', amount_minor: '500' },
    after: null,
    changed: true,
  })
  @ApiErrors(TYPE_ERROR, MERCHANT_NOT_FOUND)
  async removeOverride(@CurrentAuth() auth: AuthContext, @RequestId() requestId: string, @Param('id') id: string, @Param('type') type: string) {
    const result = await this.fees.removeOverride(actor(auth, requestId), id, transactionTypeOf(type));
    return { success: true, message: 'Fee schedule removed', ...result };
  }
}
