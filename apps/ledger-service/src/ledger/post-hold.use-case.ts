import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccountRepository } from './account.repository';
import { applyMovement } from './balance-rules';
import { refusalError } from './ledger-refusals';
import {
  HoldAlreadyPostedError,
  HoldAlreadyVoidedError,
  HoldExpiredError,
  HoldNotFoundError,
  HoldPostExceedsAmountError,
  InvalidTransferError,
} from './ledger.errors';
import { PostedTransfer, fromRow } from './posted-transfer';
import { TransferRepository } from './transfer.repository';
import { amountProblems } from './transfer-rules';

export interface HoldOutcome {
  hold: PostedTransfer;
  /** The transfer that moved the money when the hold was posted. */
  postedTransfer: PostedTransfer | null;
}

/** The transfer that posts a hold has the hold's id with this suffix: a hold is posted at most once. */
export const postTransferId = (holdId: string) => `${holdId}:post`;

/**
 * Posts a hold in the caller's transaction: the full amount, or less with the rest released. At
 * most once: posting again for the same amount answers the same outcome, for another amount (or
 * after a void or expiry) is refused with a code. The hold row is locked first, then its accounts.
 */
@Injectable()
export class PostHold {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly transfers: TransferRepository,
  ) {}

  async execute(tx: EntityManager, holdId: string, amountMinor?: bigint): Promise<HoldOutcome> {
    if (amountMinor !== undefined && amountProblems(amountMinor).length > 0)
      throw new InvalidTransferError(`Hold ${holdId} cannot be posted for ${String(amountMinor)}: ${amountProblems(amountMinor).join('; ')}`);
    const row = await this.transfers.lockHold(tx, holdId);
    if (!row) throw new HoldNotFoundError(`Hold ${holdId} does not exist`, { hold_id: holdId });
    const hold = fromRow(row, false);
    const amount = amountMinor ?? hold.amountMinor;
    if (amount > hold.amountMinor)
      throw new HoldPostExceedsAmountError(`Hold ${holdId} reserves ${hold.amountMinor} minor units, not ${amount}`, { hold_id: holdId });

    switch (hold.holdState) {
      case 'posted': {
        if (hold.postedAmountMinor !== amount)
          throw new HoldAlreadyPostedError(`Hold ${holdId} was already posted for ${hold.postedAmountMinor} minor units`, { hold_id: holdId });
        const posted = await this.transfers.findById(tx, postTransferId(holdId));
        return { hold, postedTransfer: posted ? fromRow(posted, false) : null };
      }
      case 'voided':
        throw new HoldAlreadyVoidedError(`Hold ${holdId} was voided`, { hold_id: holdId });
      case 'expired':
        throw new HoldExpiredError(`Hold ${holdId} expired`, { hold_id: holdId });
      case 'pending':
      case null:
        break;
    }
    // Past its timeout it reserves nothing any more, even before the sweeper marks it.
    if (row.timed_out) throw new HoldExpiredError(`Hold ${holdId} expired at ${hold.timeoutAt?.toISOString()}`, { hold_id: holdId });

    const states = await this.accounts.lockInOrder(tx, [row.debit_account_id, row.credit_account_id]);
    const debit = states.get(row.debit_account_id);
    const credit = states.get(row.credit_account_id);
    if (!debit || !credit) throw new Error(`accounts of hold ${holdId} not found`);
    const refused = applyMovement(debit, credit, { type: 'post_pending', holdMinor: hold.amountMinor, amountMinor: amount });
    if (refused) throw refusalError(refused, { ...hold, id: holdId, amountMinor: amount });

    const id = postTransferId(holdId);
    const written = await this.transfers.write(
      tx,
      [
        {
          id,
          type: 'post_pending',
          debitAccountId: debit.id,
          creditAccountId: credit.id,
          amountMinor: amount,
          code: hold.code,
          causeType: hold.causeType,
          causeId: hold.causeId,
          reference: hold.reference,
          metadata: hold.metadata,
          batchId: null,
          pendingId: holdId,
          timeoutMs: null,
          debitBalanceAfter: debit.balanceMinor,
          creditBalanceAfter: credit.balanceMinor,
        },
      ],
      [debit, credit],
      [{ id: holdId, state: 'posted', postedAmountMinor: amount }],
    );
    // The hold row is locked by us and was pending, so nobody else can have posted it.
    if (written.inserted !== 1) throw new Error(`transfer ${id} existed while hold ${holdId} was pending`);
    const createdAt = written.rows.get(id)?.createdAt ?? new Date();
    return {
      hold: { ...hold, holdState: 'posted', postedAmountMinor: amount, created: true },
      postedTransfer: {
        ...hold,
        id,
        type: 'post_pending',
        amountMinor: amount,
        holdState: null,
        timeoutAt: null,
        postedAmountMinor: null,
        pendingId: holdId,
        createdAt,
        created: true,
      },
    };
  }
}
