import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PaymentInitiatedV1, parseContract } from '@lipa/contracts';
import { Envelope, OnEvent } from '@lipa/messaging';
import { initiatedTransaction } from './payment-transactions';
import { TransactionRepository } from './transaction.repository';

/** An accepted STK push is listed as pending; its outcome arrives through PaymentEventsConsumer (src/ledger/payment-events.consumer.ts). */
@Injectable()
export class PaymentInitiatedConsumer {
  constructor(private readonly transactions: TransactionRepository) {}

  @OnEvent(PaymentInitiatedV1.type)
  async onPaymentInitiated(tx: EntityManager, envelope: Envelope): Promise<void> {
    await this.transactions.recordInitiated(tx, initiatedTransaction(parseContract(PaymentInitiatedV1, envelope.payload)));
  }
}
