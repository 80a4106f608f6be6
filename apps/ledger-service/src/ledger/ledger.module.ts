import { Module } from '@nestjs/common';
import { AccountRepository } from './account.repository';
import { LedgerCommandsConsumer } from './ledger-commands.consumer';
import { LedgerQueries } from './ledger-queries';
import { MerchantEventsConsumer } from './merchant-events.consumer';
import { OpenMerchantAccounts } from './open-merchant-accounts.use-case';
import { PaymentEventsConsumer } from './payment-events.consumer';
import { PostTransfer } from './post-transfer.use-case';
import { TransferRepository } from './transfer.repository';

@Module({
  providers: [
    AccountRepository,
    TransferRepository,
    PostTransfer,
    OpenMerchantAccounts,
    LedgerQueries,
    PaymentEventsConsumer,
    MerchantEventsConsumer,
    LedgerCommandsConsumer,
  ],
  exports: [PostTransfer, OpenMerchantAccounts, LedgerQueries],
})
export class LedgerModule {}
