import { Module } from '@nestjs/common';
import { AuditLogRepository } from '../admin/audit-log.repository';
import { AuthModule } from '../auth/auth.module';
import { MerchantsModule } from '../merchants/merchants.module';
import { UpstreamModule } from '../upstream/upstream.module';
import { AdministerFeeSchedules } from './administer-fee-schedules.use-case';
import { FeeSchedulesController } from './fee-schedules.controller';

@Module({
  imports: [AuthModule, UpstreamModule, MerchantsModule],
  controllers: [FeeSchedulesController],
  providers: [AdministerFeeSchedules, AuditLogRepository],
})
export class FeesModule {}
