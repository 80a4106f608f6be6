import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccountRepository } from './account.repository';
import { applyMovement } from './balance-rules';
import { refusalError } from './ledger-refusals';
import { HoldAlreadyPostedError, HoldNotFoundError } from './ledger.errors';
import { HoldOutcome } from './post-hold.use-case';
import { fromRow } from './posted-transfer';
import { TransferRepository } from './transfer.repository';

/**
 * Releases a hold in the caller's transaction. At most once: voiding again answers the same; a
 * hold that expired answers its expiry (both released it); a posted hold is refused.
 */
@Injectable()
export class VoidHold {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly transfers: TransferRepository,
  ) {}

  async execute(tx: EntityManager, holdId: string): Promise<HoldOutcome> {
    const row = await this.transfers.lockHold(tx, holdId);
    if (!row) throw new HoldNotFoundError(`Hold ${holdId} does not exist`, { hold_id: holdId });
    const hold = fromRow(row, false);
    switch (hold.holdState) {
      case 'posted':
        throw new HoldAlreadyPostedError(`Hold ${holdId} was already posted`, { hold_id: holdId });
      case 'voided':
      case 'expired':
        return { hold, postedTransfer: null };
      case 'pending':
      case null:
        break;
    }
    const states = await this.accounts.lockInOrder(tx, [row.debit_account_id, row.credit_account_id]);
    const debit = states.get(row.debit_account_id);
    const credit = states.get(row.credit_account_id);
    if (!debit || !credit) throw new Error(`accounts of hold ${holdId} not found`);
    const refused = applyMovement(debit, credit, { type: 'release', holdMinor: hold.amountMinor });
    if (refused) throw refusalError(refused, { ...hold, id: holdId });
    await this.transfers.endHolds(tx, [debit, credit], [{ id: holdId, state: 'voided', postedAmountMinor: null }]);
    return { hold: { ...hold, holdState: 'voided', created: true }, postedTransfer: null };
  }
}
