import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LedgerHoldExpiredV1 } from '@lipa/contracts';
import { Outbox, newEnvelope } from '@lipa/messaging';
import { AccountRepository } from './account.repository';
import { applyMovement } from './balance-rules';
import { fromRow, toWire } from './posted-transfer';
import { TransferRepository } from './transfer.repository';

/** Holds expired per transaction: small, so a sweep never holds many account locks for long. */
export const EXPIRY_BATCH = 50;

/**
 * Expires open holds whose timeout passed, one small batch per transaction. Safe with several
 * replicas: the holds are claimed FOR UPDATE SKIP LOCKED (a hold being posted or claimed by another
 * sweeper is skipped), then their accounts are locked in id order, as every writer locks them.
 * Each expiry publishes `ledger.hold.expired` through the outbox in the same transaction.
 */
@Injectable()
export class ExpireHolds {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly transfers: TransferRepository,
    private readonly outbox: Outbox,
  ) {}

  /** Expires one batch; returns how many holds it expired (0: nothing was due). */
  async executeBatch(limit = EXPIRY_BATCH): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const holds = await this.transfers.claimExpiredHolds(tx, Math.min(Math.max(limit, 1), EXPIRY_BATCH));
      if (holds.length === 0) return 0;
      const states = await this.accounts.lockInOrder(
        tx,
        holds.flatMap((h) => [h.debit_account_id, h.credit_account_id]),
      );
      for (const hold of holds) {
        const debit = states.get(hold.debit_account_id);
        const credit = states.get(hold.credit_account_id);
        if (!debit || !credit) throw new Error(`accounts of hold ${hold.id} not found`);
        // A release only lowers held amounts, so it is never refused.
        const refused = applyMovement(debit, credit, { type: 'release', holdMinor: BigInt(hold.amount_minor) });
        if (refused) throw new Error(`releasing hold ${hold.id} was refused: ${refused}`);
      }
      await this.transfers.endHolds(
        tx,
        [...states.values()],
        holds.map((h) => ({ id: h.id, state: 'expired' as const, postedAmountMinor: null })),
      );
      for (const hold of holds) {
        const expired = { ...toWire(fromRow(hold, false)), hold_state: 'expired' as const };
        const payload: LedgerHoldExpiredV1 = { hold: expired };
        await this.outbox.add(
          tx,
          newEnvelope(LedgerHoldExpiredV1.type, payload, { correlationId: `hold:${hold.id}`, merchantId: merchantOf(hold.debit_code, hold.credit_code) }),
        );
      }
      return holds.length;
    });
  }

  /** Expires batches until none is due or `maxBatches` ran (a bound on one sweep). */
  async sweep(maxBatches = 20): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxBatches; i += 1) {
      const n = await this.executeBatch();
      total += n;
      if (n < EXPIRY_BATCH) break;
    }
    return total;
  }
}

/** The merchant an expired hold belongs to, for the envelope's `merchant_id`. */
function merchantOf(...codes: string[]): string | undefined {
  for (const code of codes) {
    const parts = code.split(':');
    if (parts[0] === 'merchant') return parts[1];
  }
  return undefined;
}
