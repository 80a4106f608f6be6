import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { parseAccountCode } from './account-codes';
import { AccountRepository } from './account.repository';
import { InsufficientFundsError, InvalidTransferError, TransferConflictError } from './ledger.errors';
import { TransferRepository } from './transfer.repository';
import { TransferRequest, sameMovement, transferProblems } from './transfer-rules';

export interface PostedTransfer {
  id: string;
  debitCode: string;
  creditCode: string;
  amountMinor: bigint;
  kind: string;
  reference: string | null;
  createdAt: Date;
  /** False when the id had been posted before: nothing moved this time. */
  created: boolean;
}

/**
 * Posts one double-entry transfer in the caller's transaction. Idempotent by id: the transfer row
 * is inserted first (its primary key is the idempotency key), and only a fresh insert moves money.
 * A refused debit throws, so the caller's transaction (and the transfer row in it) rolls back.
 */
@Injectable()
export class PostTransfer {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly transfers: TransferRepository,
  ) {}

  async execute(tx: EntityManager, request: TransferRequest): Promise<PostedTransfer> {
    const problems = transferProblems(request);
    if (problems.length > 0) throw new InvalidTransferError(`Transfer ${request.id} is invalid: ${problems.join('; ')}`);

    const debitAccountId = await this.accounts.ensure(tx, parseAccountCode(request.debitCode));
    const creditAccountId = await this.accounts.ensure(tx, parseAccountCode(request.creditCode));

    const inserted = await this.transfers.insertIfNew(tx, {
      id: request.id,
      debitAccountId,
      creditAccountId,
      amountMinor: request.amountMinor,
      kind: request.kind,
      reference: request.reference ?? null,
      metadata: request.metadata ?? {},
    });

    if (inserted) {
      // Always lock the two rows in id order, whichever side each is on: two transfers between the
      // same accounts in opposite directions then queue instead of deadlocking.
      const legs = [
        { accountId: debitAccountId, side: 'debit' as const },
        { accountId: creditAccountId, side: 'credit' as const },
      ].sort((a, b) => (a.accountId < b.accountId ? -1 : 1));
      for (const leg of legs) {
        const balance = await this.accounts.applyLeg(tx, leg.accountId, leg.side, request.amountMinor);
        if (balance === null) {
          throw new InsufficientFundsError(`${request.debitCode} cannot cover ${request.amountMinor} minor units`, { transfer_id: request.id });
        }
      }
    }

    const stored = await this.transfers.findById(tx, request.id);
    if (!stored) throw new Error(`transfer ${request.id} not found after posting`);
    const posted: PostedTransfer = {
      id: stored.id,
      debitCode: stored.debit_code,
      creditCode: stored.credit_code,
      amountMinor: BigInt(stored.amount_minor),
      kind: stored.kind,
      reference: stored.reference,
      createdAt: stored.created_at,
      created: inserted,
    };
    if (!inserted && !sameMovement(posted, request)) {
      throw new TransferConflictError(`Transfer ${request.id} was already posted with different accounts, amount or kind`, { transfer_id: request.id });
    }
    return posted;
  }
}
