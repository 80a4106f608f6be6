import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { FEE_HOLD_TIMEOUT_MS, HoldTransactionFeeV1, TransactionFeeHold, feeHoldId } from '@lipa/contracts';
import { InvalidAmountError, feeFor, parseMinor } from '@lipa/money';
import { merchantAccountCode, platformAccountCode } from '../ledger/account-codes';
import { InsufficientFundsError } from '../ledger/ledger.errors';
import { PostTransfer } from '../ledger/post-transfer.use-case';
import { TransferRepository } from '../ledger/transfer.repository';
import { FeeSchedules } from './fee-schedules';
import { InsufficientServiceBalanceError, UnpriceableAmountError } from './fee.errors';

/**
 * Holds a transaction's fee on the merchant's service wallet for fee revenue, in the caller's
 * transaction. Asked again for the same transaction (a redelivered command, a retried initiation),
 * it answers the hold already there, whatever the schedule says now, so a fee is held once.
 */
@Injectable()
export class HoldTransactionFee {
  constructor(
    private readonly schedules: FeeSchedules,
    private readonly postTransfer: PostTransfer,
    private readonly transfers: TransferRepository,
  ) {}

  async execute(tx: EntityManager, command: HoldTransactionFeeV1): Promise<TransactionFeeHold> {
    const holdId = feeHoldId(command.cause_id);
    const existing = await this.transfers.findById(tx, holdId);
    if (existing) return { fee_minor: existing.amount_minor, hold_id: holdId, created: false };

    const amountMinor = parseMinor(command.amount_minor);
    const schedule = await this.schedules.effective(tx, command.merchant_id, command.transaction_type);
    let feeMinor: bigint;
    try {
      feeMinor = feeFor(schedule, amountMinor);
    } catch (error) {
      if (error instanceof InvalidAmountError) throw new UnpriceableAmountError(`Cannot price ${command.amount_minor} minor units: ${error.message}`);
      throw error;
    }
    if (feeMinor === 0n) return { fee_minor: '0', hold_id: null, created: false };

    try {
      const placed = await this.postTransfer.execute(tx, {
        id: holdId,
        debitCode: merchantAccountCode(command.merchant_id, command.mode, 'service_wallet'),
        creditCode: platformAccountCode(command.mode, 'fee_revenue'),
        amountMinor: feeMinor,
        code: 'fee',
        causeType: `${command.transaction_type}_transaction`,
        causeId: command.cause_id,
        reference: null,
        metadata: { transaction_type: command.transaction_type, amount_minor: command.amount_minor },
        timeoutMs: command.timeout_ms ?? FEE_HOLD_TIMEOUT_MS,
      });
      return { fee_minor: feeMinor.toString(), hold_id: holdId, created: placed.created };
    } catch (error) {
      if (error instanceof InsufficientFundsError)
        throw new InsufficientServiceBalanceError({ fee_minor: feeMinor.toString(), merchant_id: command.merchant_id, mode: command.mode });
      throw error;
    }
  }
}
