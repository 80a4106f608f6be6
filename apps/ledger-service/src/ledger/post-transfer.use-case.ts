import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccountSpec } from './account-codes';
import { AccountRepository } from './account.repository';
import { MovementRefusal, applyMovement } from './balance-rules';
import { refusalError } from './ledger-refusals';
import { InvalidTransferError, MemoTransferMixesAccountsError, TransferConflictError, TransferMixesModesError } from './ledger.errors';
import { PostedTransfer, fromRow, storedContent } from './posted-transfer';
import { TransferRepository } from './transfer.repository';
import { TransferRequest, contentOf, pairProblem, sameContent, specsOf, transferProblems } from './transfer-rules';

export type { PostedTransfer } from './posted-transfer';

/** A linked batch is bounded like every page (docs/style.md: a limit on everything). */
export const MAX_LINKED_TRANSFERS = 100;

/**
 * Posts transfers and places holds in the caller's transaction. Idempotent by transfer id: the
 * same id with the same content answers the stored transfer (`created: false`) and moves nothing;
 * other content is refused. Several requests are linked: they commit or fail together.
 *
 * Round trips on the hot path (accounts already known): one to lock the accounts in id order, one
 * to insert the transfers and write the balances (TransferRepository.write). The checks run in
 * between on the locked rows (balance-rules.ts), so concurrent debits and holds never overdraw.
 */
@Injectable()
export class PostTransfer {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly transfers: TransferRepository,
  ) {}

  /**
   * In the caller's transaction (`tx` from dataSource.transaction), or, given the DataSource's own
   * manager, on its own: then the one-statement path needs no transaction (a statement is atomic),
   * and anything else runs in a transaction of its own.
   */
  async execute(tx: EntityManager, request: TransferRequest): Promise<PostedTransfer> {
    const fast = await this.tryPostSingle(tx, request);
    return fast ?? (await this.executeLinked(tx, [request]))[0];
  }

  /**
   * One round trip for the common case: a posted (not pending) transfer between accounts already
   * known to exist. Anything else, or a transfer that did not go in (refused by a flag, or an id
   * seen before), takes the general path, which decides and says why with fresh statements.
   */
  private async tryPostSingle(tx: EntityManager, request: TransferRequest): Promise<PostedTransfer | null> {
    if (request.timeoutMs !== undefined || transferProblems(request).length > 0) return null;
    const { debit, credit } = specsOf(request);
    if (pairProblem(debit, credit) !== null) return null;
    const debitAccountId = this.accounts.knownId(debit.code);
    const creditAccountId = this.accounts.knownId(credit.code);
    if (!debitAccountId || !creditAccountId) return null;
    const posted = await this.transfers.postSingle(tx, {
      id: request.id,
      debitAccountId,
      creditAccountId,
      amountMinor: request.amountMinor,
      code: request.code,
      causeType: request.causeType,
      causeId: request.causeId,
      reference: request.reference ?? null,
      metadata: request.metadata ?? {},
    });
    if (!posted) return null;
    if ('refusedByConstraint' in posted) {
      // In the caller's transaction the failed statement aborted it: refuse, as a flag would.
      // On its own nothing was written, and the general path decides afresh.
      if (tx.queryRunner?.isTransactionActive) throw refusalError(posted.refusedByConstraint, request);
      return null;
    }
    return {
      id: request.id,
      type: 'single',
      debitCode: request.debitCode,
      creditCode: request.creditCode,
      amountMinor: request.amountMinor,
      code: request.code,
      causeType: request.causeType,
      causeId: request.causeId,
      reference: request.reference ?? null,
      metadata: request.metadata ?? {},
      holdState: null,
      timeoutAt: null,
      postedAmountMinor: null,
      pendingId: null,
      createdAt: posted.createdAt,
      created: true,
    };
  }

  async executeLinked(tx: EntityManager, requests: TransferRequest[]): Promise<PostedTransfer[]> {
    if (!tx.queryRunner?.isTransactionActive) return tx.transaction((inner) => this.executeLinked(inner, requests));
    if (requests.length < 1 || requests.length > MAX_LINKED_TRANSFERS) throw new InvalidTransferError(`A batch holds 1..${MAX_LINKED_TRANSFERS} transfers`);
    if (new Set(requests.map((r) => r.id)).size !== requests.length) throw new InvalidTransferError('Transfer ids in a batch must differ');
    const specs = new Map<string, AccountSpec>();
    for (const request of requests) {
      const problems = transferProblems(request);
      if (problems.length > 0) throw new InvalidTransferError(`Transfer ${request.id} is invalid: ${problems.join('; ')}`, { transfer_id: request.id });
      const { debit, credit } = specsOf(request);
      const pair = pairProblem(debit, credit);
      if (pair === 'transfer_mixes_modes')
        throw new TransferMixesModesError(`Transfer ${request.id} moves money between test and live accounts`, { transfer_id: request.id });
      if (pair === 'memo_transfer_mixes_accounts')
        throw new MemoTransferMixesAccountsError(`Transfer ${request.id} moves money between a memo account and an account the platform holds`, {
          transfer_id: request.id,
        });
      specs.set(debit.code, debit).set(credit.code, credit);
    }

    const ids = await this.accounts.ensureAll(tx, [...specs.values()]);
    const idOf = (code: string) => ids.get(code) as string;
    const states = await this.accounts.lockInOrder(tx, [...ids.values()]);

    const rows = [];
    let refusal: { code: MovementRefusal; request: TransferRequest } | null = null;
    for (const request of requests) {
      const debit = states.get(idOf(request.debitCode));
      const credit = states.get(idOf(request.creditCode));
      if (!debit || !credit) throw new Error(`accounts of transfer ${request.id} not found after ensure`);
      const pending = request.timeoutMs !== undefined;
      const refused = applyMovement(debit, credit, { type: pending ? 'pending' : 'single', amountMinor: request.amountMinor });
      if (refused) {
        refusal = { code: refused, request };
        break;
      }
      rows.push({
        id: request.id,
        type: pending ? ('pending' as const) : ('single' as const),
        debitAccountId: debit.id,
        creditAccountId: credit.id,
        amountMinor: request.amountMinor,
        code: request.code,
        causeType: request.causeType,
        causeId: request.causeId,
        reference: request.reference ?? null,
        metadata: request.metadata ?? {},
        batchId: requests.length > 1 ? requests[0].id : null,
        pendingId: null,
        timeoutMs: request.timeoutMs ?? null,
        debitBalanceAfter: pending ? null : debit.balanceMinor,
        creditBalanceAfter: pending ? null : credit.balanceMinor,
      });
    }

    if (refusal) {
      // A replay of a batch that was posted when the money was there is still the same batch.
      const replayed = await this.replayed(tx, requests);
      if (replayed) return replayed;
      throw refusalError(refusal.code, refusal.request);
    }

    const written = await this.transfers.write(tx, rows, [...states.values()]);
    if (written.inserted === requests.length) {
      return requests.map((request) => {
        const stored = written.rows.get(request.id);
        if (!stored) throw new Error(`transfer ${request.id} not returned by its insert`);
        const pending = request.timeoutMs !== undefined;
        return {
          id: request.id,
          type: pending ? 'pending' : 'single',
          debitCode: request.debitCode,
          creditCode: request.creditCode,
          amountMinor: request.amountMinor,
          code: request.code,
          causeType: request.causeType,
          causeId: request.causeId,
          reference: request.reference ?? null,
          metadata: request.metadata ?? {},
          holdState: pending ? 'pending' : null,
          timeoutAt: stored.timeoutAt,
          postedAmountMinor: null,
          pendingId: null,
          createdAt: stored.createdAt,
          created: true,
        };
      });
    }
    const replayed = written.inserted === 0 ? await this.replayed(tx, requests) : null;
    if (replayed) return replayed;
    // Part of a linked batch existed: it is not the batch that was posted. The caller's
    // transaction rolls back what this call inserted.
    throw new TransferConflictError(`Transfers ${requests.map((r) => r.id).join(', ')} were already posted with different content`, {
      transfer_id: requests[0].id,
    });
  }

  /** The stored transfers when every id exists with the same content; null when none exists; a conflict otherwise. */
  private async replayed(tx: EntityManager, requests: TransferRequest[]): Promise<PostedTransfer[] | null> {
    const stored = new Map(
      (
        await this.transfers.findByIds(
          tx,
          requests.map((r) => r.id),
        )
      ).map((row) => [row.id, fromRow(row, false)]),
    );
    if (stored.size === 0) return null;
    for (const request of requests) {
      const existing = stored.get(request.id);
      if (existing && !sameContent(storedContent(existing), contentOf(request)))
        throw new TransferConflictError(`Transfer ${request.id} was already posted with different content`, { transfer_id: request.id });
    }
    // Part of a linked batch exists: whatever this is, it is not the batch that was posted.
    if (stored.size !== requests.length)
      throw new TransferConflictError(`Transfers ${requests.map((r) => r.id).join(', ')} were not posted together`, { transfer_id: requests[0].id });
    return requests.map((r) => stored.get(r.id) as PostedTransfer);
  }
}
