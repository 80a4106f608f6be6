import { InitiateStkPushV1, STK_INITIATE_WORST_CASE_MS, StkPushAccepted } from '@lipa/contracts';
import { isWholeShillingsMinor, minorToWholeShillings } from '@lipa/money';
import { LipaError, RequestValidationError, signCallbackToken } from '@lipa/platform';
import { Outbox, newEnvelope } from '@lipa/messaging';
import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { STK_INITIATE_MARGIN_MS, StkServiceConfig } from '../config';
import { DarajaApp, DarajaApps } from './daraja-apps';
import { FeeLedgerClient } from './fee-ledger.client';
import { FEE_HOLD_UNAVAILABLE_DESC, INSUFFICIENT_SERVICE_BALANCE_DESC, classifyPushFailure, replayedFailure } from './push-failure';
import { FeeHoldUnavailable, InsufficientServiceBalance, InvalidStkAmount } from './stk.errors';
import { StkTransaction, publicStatus, toInitiatedEvent } from './stk-transaction';
import { StkTransactionRepository } from './stk-transaction.repository';
import { stkRoute } from './stk-route';

/** Daraja shows AccountReference (12) and TransactionDesc (13) in the prompt; longer ones risk result 1025. */
const ACCOUNT_REFERENCE_MAX = 12;
const TRANSACTION_DESC_MAX = 13;

export function newTransactionId(): string {
  return `txn_${randomBytes(12).toString('base64url').replace(/[-_]/g, '0')}`;
}

/** The envelope of the stk.push.initiate being answered. */
export interface InitiateCommandMeta {
  correlationId: string;
  /** The envelope id: the same on a redelivery, so it stands in for a missing idempotency key. */
  commandId: string;
  /** When handling began (epoch ms); the answer is due within STK_INITIATE_WORST_CASE_MS of it. */
  receivedAt: number;
}

/**
 * Writes the transaction before calling Daraja, so a crash mid-call leaves a row to reconcile rather
 * than a prompt nobody knows about. A push whose answer never came is NOT retried (it may have reached
 * the phone): it stays 'unknown' and is settled by its callback or by reconciliation. The row is unique
 * per merchant idempotency key and per command, so neither a replayed request nor a redelivered command
 * sends a second prompt.
 *
 * The fee is held on the merchant's service wallet (ledger.fee.hold) after the row is written and
 * before Daraja is called: the hold is named by the transaction id, which exists only once the row
 * does, so a replayed or redelivered request (which finds the row and never gets here) cannot hold
 * twice. A push whose fee cannot be held is failed before anything is sent, and a replay of it fails
 * the same way.
 */
@Injectable()
export class InitiateStkPush {
  private readonly logger = new Logger(InitiateStkPush.name);

  constructor(
    private readonly transactions: StkTransactionRepository,
    private readonly daraja: DarajaApps,
    private readonly config: StkServiceConfig,
    private readonly fees: FeeLedgerClient,
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  async execute(command: InitiateStkPushV1, meta: InitiateCommandMeta): Promise<StkPushAccepted> {
    // Every check comes before the row: a push that cannot be sent leaves nothing behind.
    const amountMinor = BigInt(command.amount_minor);
    if (amountMinor <= 0n || !isWholeShillingsMinor(amountMinor)) throw new InvalidStkAmount('STK amounts must be a whole number of shillings, at least 1');
    // A top-up pays the platform, so only the platform's shortcode may collect it.
    if (command.top_up_wallet !== undefined && command.account !== undefined)
      throw new RequestValidationError('account: a top-up always goes to the platform shortcode');
    const route = stkRoute(command.account, this.daraja.platformShortcode(command.mode));
    const app = this.daraja.app(command.mode, command.merchant_id, route.darajaAppSealed);
    const inserted = await this.transactions.insert({
      id: newTransactionId(),
      merchantId: command.merchant_id,
      mode: command.mode,
      amountMinor,
      phone: command.phone,
      reference: command.reference,
      description: command.description ?? null,
      callbackUrl: command.callback_url ?? null,
      idempotencyKey: command.idempotency_key ?? null,
      commandId: meta.commandId,
      ...route,
      topUpWallet: command.top_up_wallet ?? null,
      correlationId: meta.correlationId,
    });
    if (!inserted) {
      const existing = await this.transactions.findExisting(command.merchant_id, command.idempotency_key ?? null, meta.commandId);
      if (!existing) throw new Error(`stk.push.initiate ${meta.commandId} collided with a row it cannot find`);
      this.logger.log({ msg: 'stk.push.idempotent_replay', transaction_id: existing.id, redelivered: existing.commandId === meta.commandId });
      return this.replay(existing);
    }
    // Fees are for the merchant's own sales: a top-up of its wallet holds none.
    const funded = inserted.topUpWallet ? inserted : await this.holdFee(inserted, meta);

    const { timestamp, password } = this.daraja.password(route.businessShortCode, app.passkey);
    const token = signCallbackToken(this.config.CALLBACK_TOKEN_SECRET, 'stk', funded.id);
    try {
      const response = await app.client.stkPush(
        {
          BusinessShortCode: route.businessShortCode,
          Password: password,
          Timestamp: timestamp,
          TransactionType: route.transactionType,
          Amount: minorToWholeShillings(funded.amountMinor),
          PartyA: funded.phone,
          PartyB: route.partyB,
          PhoneNumber: funded.phone,
          CallBackURL: `${this.config.CALLBACK_BASE_URL.replace(/\/+$/, '')}/callbacks/stk/${token}`,
          AccountReference: funded.reference.slice(0, ACCOUNT_REFERENCE_MAX),
          TransactionDesc: (funded.description || funded.reference).slice(0, TRANSACTION_DESC_MAX),
        },
        // Leaves the margin for the writes and the reply, so the answer is in before the caller gives up.
        { deadline: meta.receivedAt + STK_INITIATE_WORST_CASE_MS - STK_INITIATE_MARGIN_MS },
      );
      // May find the payment already settled by its callback (a slow Daraja): then that is the answer.
      const accepted = await this.recordAcceptance(funded, response.CheckoutRequestID, response.MerchantRequestID, meta);
      this.logger.log({ msg: 'stk.push.sent', transaction_id: accepted.id, checkout_request_id: accepted.checkoutRequestId, status: accepted.status });
      return this.accepted(accepted, response.CustomerMessage);
    } catch (error) {
      return this.handleFailure(funded, app, error, meta);
    }
  }

  /**
   * Records Daraja's acceptance and publishes payment.initiated in one transaction, so the transactions
   * read model (ledger-service) hears of every accepted push exactly once. A row its callback already
   * settled stays settled and publishes nothing: its payment.completed / payment.failed went out then.
   */
  private async recordAcceptance(
    txn: StkTransaction,
    checkoutRequestId: string,
    merchantRequestId: string,
    meta: InitiateCommandMeta,
  ): Promise<StkTransaction> {
    return this.dataSource.transaction(async (tx) => {
      const accepted = await this.transactions.markAccepted(tx, txn.id, checkoutRequestId, merchantRequestId);
      if (accepted.status !== 'pending') return accepted;
      const event = toInitiatedEvent(accepted);
      const correlationId = accepted.correlationId ?? meta.correlationId;
      await this.outbox.add(tx, newEnvelope(event.type, event.payload, { correlationId, merchantId: accepted.merchantId }));
      return accepted;
    });
  }

  /** Holds the push's fee and records it on the row; a fee that cannot be held fails the push before Daraja. */
  private async holdFee(txn: StkTransaction, meta: InitiateCommandMeta): Promise<StkTransaction> {
    let feeMinor: bigint;
    try {
      feeMinor = await this.fees.hold(txn, meta.correlationId);
    } catch (error) {
      const short = error instanceof LipaError && error.code === 'insufficient_service_balance';
      const desc = short ? INSUFFICIENT_SERVICE_BALANCE_DESC : FEE_HOLD_UNAVAILABLE_DESC;
      await this.transactions.markUnsent(txn.id, 'failed', short ? 'insufficient_service_balance' : 'fee_hold_unavailable', desc);
      const details = { transaction_id: txn.id };
      if (short) {
        this.logger.warn({ msg: 'stk.push.insufficient_service_balance', transaction_id: txn.id });
        throw new InsufficientServiceBalance(INSUFFICIENT_SERVICE_BALANCE_DESC, details);
      }
      // A hold whose answer was lost may exist: release it (best effort; it expires otherwise).
      await this.fees.release(txn, meta.correlationId);
      this.logger.error({ msg: 'stk.push.fee_hold_failed', transaction_id: txn.id, error_code: error instanceof LipaError ? error.code : 'internal' });
      throw new FeeHoldUnavailable(`${FEE_HOLD_UNAVAILABLE_DESC}; please retry shortly`, details);
    }
    return feeMinor === 0n ? txn : this.transactions.setFee(txn.id, feeMinor);
  }

  private async handleFailure(txn: StkTransaction, app: DarajaApp, error: unknown, meta: InitiateCommandMeta): Promise<StkPushAccepted> {
    const failure = classifyPushFailure(error, app.ownApp, txn.id);
    if (!failure) throw error;
    const marked = await this.transactions.markUnsent(txn.id, failure.status, failure.resultCode, failure.resultDesc);
    // Nothing reached M-Pesa, so no payment event will end the fee hold: end it here.
    if (marked?.status === 'failed' && txn.feeMinor > 0n) await this.fees.release(txn, meta.correlationId);
    if (!marked) {
      // Its callback settled it while the push was still unanswered (a slow Daraja): that outcome stands.
      const settled = await this.transactions.findById(txn.id);
      if (!settled) throw new Error(`transaction ${txn.id} vanished while being sent`);
      this.logger.log({ msg: 'stk.push.settled_before_answer', transaction_id: txn.id, status: settled.status });
      return this.accepted(settled);
    }
    const log = { msg: failure.event, transaction_id: txn.id, error_code: failure.resultCode };
    if (failure.level === 'error') this.logger.error(log);
    else this.logger.warn(log);
    if (failure.error) throw failure.error;
    return this.accepted(marked, 'Request sent; awaiting M-Pesa confirmation');
  }

  /**
   * The same key gives the same outcome: a push that never reached M-Pesa fails again the same way
   * (retrying needs a new key), anything else answers with the transaction as it stands.
   */
  private replay(txn: StkTransaction): StkPushAccepted {
    if (txn.status === 'failed' && !txn.checkoutRequestId) throw replayedFailure(txn.resultDesc, txn.id);
    return this.accepted(txn);
  }

  private accepted(txn: StkTransaction, customerMessage = 'Success. Request accepted for processing'): StkPushAccepted {
    return {
      transaction_id: txn.id,
      checkout_request_id: txn.checkoutRequestId ?? '',
      merchant_request_id: txn.merchantRequestId ?? '',
      status: publicStatus(txn.status),
      customer_message: customerMessage,
    };
  }
}
