import { Module } from '@nestjs/common';
import { ReconcileStaleStkJob } from '../reconciliation/reconcile-stale-stk.job';
import { DarajaApps } from './daraja-apps';
import { FeeLedgerClient } from './fee-ledger.client';
import { InitiateStkPush } from './initiate-stk-push.use-case';
import { SettleStkPayment } from './settle-stk-payment.use-case';
import { StkCallbackConsumer } from './stk-callback.consumer';
import { StkPushConsumer } from './stk-push.consumer';
import { StkTransactionRepository } from './stk-transaction.repository';

@Module({
  providers: [
    DarajaApps,
    FeeLedgerClient,
    StkTransactionRepository,
    InitiateStkPush,
    SettleStkPayment,
    StkPushConsumer,
    StkCallbackConsumer,
    ReconcileStaleStkJob,
  ],
  exports: [ReconcileStaleStkJob],
})
export class StkPushModule {}
