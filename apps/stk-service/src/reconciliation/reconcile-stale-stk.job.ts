import { DarajaCredentialsRejectedError, DarajaRejectedError } from '@lipa/daraja';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { StkServiceConfig } from '../config';
import { DarajaApps } from '../stk-push/daraja-apps';
import { SettleStkPayment } from '../stk-push/settle-stk-payment.use-case';
import { StkTransaction } from '../stk-push/stk-transaction';
import { StkTransactionRepository } from '../stk-push/stk-transaction.repository';

/** Bounded work per tick: a backlog drains over several ticks instead of one long transaction. */
const BATCH_SIZE = 20;

/**
 * STK callbacks are delivered once and sometimes never (docs/daraja.md §13). A payment still open after
 * STK_RECONCILE_AFTER_MS is settled by STK query; one that cannot be settled by STK_ABANDON_AFTER_MS
 * is closed as timed out, so no payment stays pending for ever.
 */
@Injectable()
export class ReconcileStaleStkJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReconcileStaleStkJob.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: StkTransactionRepository,
    private readonly settle: SettleStkPayment,
    private readonly daraja: DarajaApps,
    private readonly config: StkServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.tick().finally(() => (this.running = undefined));
    }, this.config.STK_RECONCILE_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /**
   * Daraja is queried outside any database transaction (a slow query must not hold row locks that a
   * callback is waiting for); each settlement is its own short transaction, and SettleStkPayment's row
   * lock and final-status check make a race with a callback, or with another replica, harmless.
   */
  async tick(now = new Date()): Promise<void> {
    const stale = await this.transactions.findStale(new Date(now.getTime() - this.config.STK_RECONCILE_AFTER_MS), BATCH_SIZE).catch((error: unknown) => {
      this.logger.error({ msg: 'stk.reconcile.failed', err: error });
      return [];
    });
    for (const txn of stale) {
      // One payment that cannot be settled now must not hold up the others.
      await this.reconcile(txn, now).catch((error: unknown) => this.logger.error({ msg: 'stk.reconcile.failed', transaction_id: txn.id, err: error }));
    }
  }

  private async reconcile(txn: StkTransaction, now: Date): Promise<void> {
    const abandoned = now.getTime() - txn.createdAt.getTime() > this.config.STK_ABANDON_AFTER_MS;
    const result = txn.checkoutRequestId ? await this.query(txn) : null;
    const correlationId = `reconcile_${randomUUID()}`;
    const ids = { transactionId: txn.id, checkoutRequestId: txn.checkoutRequestId ?? '', merchantRequestId: txn.merchantRequestId ?? '', correlationId };
    if (result && result.resultCode !== '4999') {
      await this.dataSource.transaction((tx) => this.settle.execute(tx, { ...ids, ...result }));
    } else if (abandoned) {
      await this.dataSource.transaction((tx) =>
        this.settle.execute(tx, { ...ids, resultCode: '1037', resultDesc: 'No final result from M-Pesa before the deadline' }),
      );
    }
  }

  /** Asks through the app and with the shortcode the push used: another app or shortcode does not know the payment. */
  private async query(txn: StkTransaction): Promise<{ resultCode: string; resultDesc: string } | null> {
    try {
      const app = this.daraja.app(txn.mode, txn.merchantId, txn.darajaAppSealed);
      // Rows from before payment accounts were stored went to the platform's paybill.
      const shortcode = txn.businessShortCode ?? this.daraja.platformShortcode(txn.mode);
      const { timestamp, password } = this.daraja.password(shortcode, app.passkey);
      const response = await app.client.stkQuery({
        BusinessShortCode: shortcode,
        Password: password,
        Timestamp: timestamp,
        CheckoutRequestID: txn.checkoutRequestId as string,
      });
      return { resultCode: String(response.ResultCode), resultDesc: response.ResultDesc };
    } catch (error) {
      // 500.001.1001 "being processed" (older form of 4999) and transient faults: try again next tick.
      if (!(error instanceof DarajaRejectedError) || error instanceof DarajaCredentialsRejectedError) {
        this.logger.warn({ msg: 'stk.reconcile.query_failed', transaction_id: txn.id, err: error });
      }
      return null;
    }
  }
}
