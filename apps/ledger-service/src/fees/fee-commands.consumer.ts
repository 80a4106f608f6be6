import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  FeeSchedulesView,
  GetFeeSchedulesV1,
  HoldTransactionFeeV1,
  SetFeeScheduleResult,
  SetFeeScheduleV1,
  TransactionFeeHold,
  parseContract,
} from '@lipa/contracts';
import { OnCommand } from '@lipa/messaging';
import { FeeSchedules } from './fee-schedules';
import { HoldTransactionFee } from './hold-transaction-fee.use-case';
import { SetFeeSchedule } from './set-fee-schedule.use-case';

/** The fee commands (libs/contracts/src/commands/ledger-fees.commands.ts): validate, run the use case, nothing else. */
@Injectable()
export class FeeCommandsConsumer {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schedules: FeeSchedules,
    private readonly setFeeSchedule: SetFeeSchedule,
    private readonly holdTransactionFee: HoldTransactionFee,
  ) {}

  @OnCommand(GetFeeSchedulesV1.command)
  async getFeeSchedules(payload: unknown): Promise<FeeSchedulesView> {
    const { merchant_id } = parseContract(GetFeeSchedulesV1, payload);
    return this.schedules.view(this.dataSource.manager, merchant_id);
  }

  @OnCommand(SetFeeScheduleV1.command)
  async setSchedule(payload: unknown): Promise<SetFeeScheduleResult> {
    const command = parseContract(SetFeeScheduleV1, payload);
    return this.dataSource.transaction((tx) => this.setFeeSchedule.execute(tx, command));
  }

  @OnCommand(HoldTransactionFeeV1.command)
  async holdFee(payload: unknown): Promise<TransactionFeeHold> {
    const command = parseContract(HoldTransactionFeeV1, payload);
    return this.dataSource.transaction((tx) => this.holdTransactionFee.execute(tx, command));
  }
}
