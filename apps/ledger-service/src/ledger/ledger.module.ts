import { Module } from '@nestjs/common';
import { TransactionsModule } from '../transactions/transactions.module';
import { AccountRepository } from './account.repository';
import { ExpireHoldsJob } from './expire-holds.job';
import { ExpireHolds } from './expire-holds.use-case';
import { SettleTransactionFee } from '../fees/settle-transaction-fee.use-case';
import { LedgerCommandsConsumer } from './ledger-commands.consumer';
import { LedgerEvents } from './ledger-events';
import { LedgerQueries } from './ledger-queries';
import { MerchantEventsConsumer } from './merchant-events.consumer';
import { OpenMerchantAccounts } from './open-merchant-accounts.use-case';
import { PaymentEventsConsumer } from './payment-events.consumer';
import { PostHold } from './post-hold.use-case';
import { PostTransfer } from './post-transfer.use-case';
import { TransferRepository } from './transfer.repository';
import { VoidHold } from './void-hold.use-case';

@Module({
  imports: [TransactionsModule],
  providers: [
    AccountRepository,
    TransferRepository,
    PostTransfer,
    PostHold,
    VoidHold,
    ExpireHolds,
    ExpireHoldsJob,
    OpenMerchantAccounts,
    LedgerQueries,
    LedgerEvents,
    SettleTransactionFee,
    PaymentEventsConsumer,
    MerchantEventsConsumer,
    LedgerCommandsConsumer,
  ],
  exports: [PostTransfer, PostHold, VoidHold, ExpireHolds, OpenMerchantAccounts, LedgerQueries, TransferRepository],
})
export class LedgerModule {}
