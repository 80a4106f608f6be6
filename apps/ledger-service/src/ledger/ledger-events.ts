import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { LedgerTransferPostedV1 } from '@lipa/contracts';
import { CommandMeta, Outbox, newEnvelope } from '@lipa/messaging';
import { PostedTransfer, toWire } from './posted-transfer';

/** The ledger's events, written to the outbox in the transaction that made the change (docs/style.md, Messaging). */
@Injectable()
export class LedgerEvents {
  constructor(private readonly outbox: Outbox) {}

  /** `ledger.transfer.posted` for the transfers this call moved; a replay (nothing created) publishes nothing again. */
  async transfersPosted(tx: EntityManager, transfers: PostedTransfer[], meta: Pick<CommandMeta, 'correlationId' | 'merchantId'>): Promise<void> {
    const moved = transfers.filter((t) => t.created && t.type !== 'pending');
    if (moved.length === 0) return;
    const payload: LedgerTransferPostedV1 = { transfers: moved.map(toWire) };
    await this.outbox.add(tx, newEnvelope(LedgerTransferPostedV1.type, payload, { correlationId: meta.correlationId, merchantId: meta.merchantId }));
  }
}
