import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PaymentCompletedV1, parseContract } from '@lipa/contracts';
import { Envelope, OnEvent } from '@lipa/messaging';
import { collectionAccounts } from './account-codes';
import { parseMinorUnits } from './minor-units';
import { PostTransfer } from './post-transfer.use-case';

/** Payments collected by STK push land in the merchant's collections account. */
@Injectable()
export class PaymentEventsConsumer {
  constructor(private readonly postTransfer: PostTransfer) {}

  /**
   * Exactly one posting per payment: the inbox drops a redelivered envelope, and the transfer id
   * `payment:<transaction_id>` drops a second envelope about the same payment.
   */
  @OnEvent(PaymentCompletedV1.type)
  async onPaymentCompleted(tx: EntityManager, envelope: Envelope): Promise<void> {
    const payment = parseContract(PaymentCompletedV1, envelope.payload);
    await this.postTransfer.execute(tx, {
      id: `payment:${payment.transaction_id}`,
      // Sandbox payments are kept apart from real money: their own float and collections accounts.
      ...collectionAccounts(payment.merchant_id, payment.mode),
      amountMinor: parseMinorUnits(payment.amount_minor),
      kind: 'stk_collection',
      reference: payment.transaction_code,
      metadata: { transaction_id: payment.transaction_id, envelope_id: envelope.id, correlation_id: envelope.correlation_id, mode: payment.mode },
    });
  }
}
