import { Module } from '@nestjs/common';
import { PaymentInitiatedConsumer } from './payment-initiated.consumer';
import { TransactionCommandsConsumer } from './transaction-commands.consumer';
import { TransactionRepository } from './transaction.repository';

/** The transactions read model (docs/design.md §1). LedgerModule imports it: the payment outcome handlers write it too. */
@Module({
  providers: [TransactionRepository, PaymentInitiatedConsumer, TransactionCommandsConsumer],
  exports: [TransactionRepository],
})
export class TransactionsModule {}
