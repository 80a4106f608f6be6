import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AdminController } from './admin.controller';
import { AdministerMerchants } from './administer-merchants.use-case';
import { AuditLogRepository } from './audit-log.repository';
import { SettingsRepository } from './settings.repository';

@Module({ imports: [AuthModule], controllers: [AdminController], providers: [AdministerMerchants, AuditLogRepository, SettingsRepository] })
export class AdminModule {}
