import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { UpstreamModule } from '../upstream/upstream.module';
import { BalanceController } from './balance.controller';

@Module({ imports: [AuthModule, UpstreamModule], controllers: [BalanceController] })
export class BalanceModule {}
