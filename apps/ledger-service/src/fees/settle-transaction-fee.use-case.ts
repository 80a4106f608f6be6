import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { feeHoldId } from '@lipa/contracts';
import { HoldExpiredError } from '../ledger/ledger.errors';
import { PostedTransfer } from '../ledger/posted-transfer';
import { PostHold } from '../ledger/post-hold.use-case';
import { TransferRepository } from '../ledger/transfer.repository';
import { VoidHold } from '../ledger/void-hold.use-case';

/**
 * Ends a transaction's fee hold (`fee:<transaction_id>`) when the payment ends, in the payment
 * event's transaction. A transaction without one (a fee of 0, or initiated before fees) has nothing
 * to end. Both are idempotent through PostHold and VoidHold, so a redelivered event changes nothing.
 */
@Injectable()
export class SettleTransactionFee {
  private readonly logger = new Logger(SettleTransactionFee.name);

  constructor(
    private readonly transfers: TransferRepository,
    private readonly postHold: PostHold,
    private readonly voidHold: VoidHold,
  ) {}

  /** Completion: the fee goes to fee revenue. */
  async post(tx: EntityManager, transactionId: string): Promise<PostedTransfer | null> {
    const holdId = feeHoldId(transactionId);
    if (!(await this.transfers.findById(tx, holdId))) return null;
    try {
      return (await this.postHold.execute(tx, holdId)).postedTransfer;
    } catch (error) {
      // A hold outlives the STK flow (FEE_HOLD_TIMEOUT_MS); one that expired anyway (the service was
      // down for long) must not dead-letter the collection with it. The fee is not taken; ops see why.
      if (error instanceof HoldExpiredError) {
        this.logger.warn({ msg: 'fee.hold.expired_before_completion', hold_id: holdId, transaction_id: transactionId });
        return null;
      }
      throw error;
    }
  }

  /** Failure, cancellation or timeout: the fee is released. A hold already posted stays posted (refused by VoidHold). */
  async void(tx: EntityManager, transactionId: string): Promise<void> {
    const holdId = feeHoldId(transactionId);
    const hold = await this.transfers.findById(tx, holdId);
    if (!hold || hold.hold_state !== 'pending') return;
    await this.voidHold.execute(tx, holdId);
  }
}
