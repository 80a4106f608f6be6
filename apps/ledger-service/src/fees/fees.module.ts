import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { FeeCommandsConsumer } from './fee-commands.consumer';
import { FeeScheduleRepository } from './fee-schedule.repository';
import { FeeSchedules } from './fee-schedules';
import { HoldTransactionFee } from './hold-transaction-fee.use-case';
import { SetFeeSchedule } from './set-fee-schedule.use-case';

@Module({
  imports: [LedgerModule],
  providers: [FeeScheduleRepository, FeeSchedules, SetFeeSchedule, HoldTransactionFee, FeeCommandsConsumer],
})
export class FeesModule {}
