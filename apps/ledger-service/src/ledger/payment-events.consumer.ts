import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PaymentCompletedV1, PaymentFailedV1, parseContract } from '@lipa/contracts';
import { Envelope, OnEvent } from '@lipa/messaging';
import { parseMinor } from '@lipa/money';
import { SettleTransactionFee } from '../fees/settle-transaction-fee.use-case';
import { endedTransaction } from '../transactions/payment-transactions';
import { TransactionRepository } from '../transactions/transaction.repository';
import { UNATTRIBUTED_SHORTCODE, collectionAccounts, merchantAccountCode, shortcodeAccountCode } from './account-codes';
import { PostTransfer } from './post-transfer.use-case';

/** Payments collected by STK push land in the merchant's collections account of the payment's mode. */
@Injectable()
export class PaymentEventsConsumer {
  constructor(
    private readonly postTransfer: PostTransfer,
    private readonly settleFee: SettleTransactionFee,
    private readonly transactions: TransactionRepository,
  ) {}

  /**
   * Exactly one posting per payment: the inbox drops a redelivered envelope, and the transfer id
   * `payment:<transaction_id>` drops a second envelope about the same payment (same content: the
   * metadata holds only what the payment says, nothing of the envelope).
   *
   * Where it lands (collectionAccounts): a payment with a `payment_id` collected on the merchant's
   * own shortcode, so it is recorded between the memo accounts of that shortcode and the merchant;
   * any other on the platform's collections of `business_short_code`. Events from before the
   * shortcode was recorded say neither: the platform's `unattributed` collections, as before.
   *
   * Then the fee held at initiation (`fee:<transaction_id>`, ledger.fee.hold) goes to fee revenue,
   * in the same transaction, so a collection is never recorded without its fee or the other way.
   * The transactions read model (src/transactions/) shows it completed in that transaction too, with
   * fee_deducted only when the hold was posted here.
   *
   * A top-up (`top_up_wallet`) is posted from the platform's M-Pesa collections of the shortcode to that
   * wallet of the mode, code `top_up`, under the same transfer id; stk-service holds no fee for it, so
   * there is none to post.
   */
  @OnEvent(PaymentCompletedV1.type)
  async onPaymentCompleted(tx: EntityManager, envelope: Envelope): Promise<void> {
    const payment = parseContract(PaymentCompletedV1, envelope.payload);
    const shortcode = payment.business_short_code ?? UNATTRIBUTED_SHORTCODE;
    const ownShortcode = payment.payment_id !== undefined;
    const topUp = payment.top_up_wallet;
    await this.postTransfer.execute(tx, {
      id: `payment:${payment.transaction_id}`,
      // A top-up is the merchant paying the platform's shortcode: it credits that wallet, not the collections.
      ...(topUp
        ? {
            debitCode: shortcodeAccountCode(payment.mode, 'mpesa_collections', shortcode),
            creditCode: merchantAccountCode(payment.merchant_id, payment.mode, topUp),
          }
        : collectionAccounts({ merchantId: payment.merchant_id, mode: payment.mode, shortcode, ownShortcode })),
      amountMinor: parseMinor(payment.amount_minor),
      code: topUp ? 'top_up' : 'stk_collection',
      causeType: 'stk_transaction',
      causeId: payment.transaction_id,
      reference: payment.transaction_code,
      metadata: {
        transaction_id: payment.transaction_id,
        checkout_request_id: payment.checkout_request_id,
        mode: payment.mode,
        ...(payment.payment_id === undefined ? {} : { payment_id: payment.payment_id }),
        ...(topUp === undefined ? {} : { top_up_wallet: topUp }),
      },
    });
    const fee = await this.settleFee.post(tx, payment.transaction_id);
    await this.transactions.recordEnded(tx, endedTransaction(payment, fee?.amountMinor ?? null));
  }

  /**
   * A failed, cancelled or timed-out payment releases the fee held at initiation; no collection was made
   * (nor, for a top-up, any credit).
   * The read model shows its final status, fee not deducted.
   */
  @OnEvent(PaymentFailedV1.type)
  async onPaymentFailed(tx: EntityManager, envelope: Envelope): Promise<void> {
    const payment = parseContract(PaymentFailedV1, envelope.payload);
    await this.settleFee.void(tx, payment.transaction_id);
    await this.transactions.recordEnded(tx, endedTransaction(payment, null));
  }
}
