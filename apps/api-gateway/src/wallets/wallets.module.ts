import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { UpstreamModule } from '../upstream/upstream.module';
import { AuditLogRepository } from '../admin/audit-log.repository';
import { MoveWalletMoney } from './move-wallet-money.use-case';
import { WalletAdjustmentsController, WalletsController } from './wallets.controller';

@Module({
  imports: [AuthModule, UpstreamModule],
  controllers: [WalletsController, WalletAdjustmentsController],
  providers: [MoveWalletMoney, AuditLogRepository],
})
export class WalletsModule {}
