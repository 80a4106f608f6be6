import { InitiateStkPushV1, StkPushAccepted } from '@lipa/contracts';
import { DarajaOutcomeUnknownError, DarajaRejectedError, DarajaUnavailableError } from '@lipa/daraja';
import { signCallbackToken } from '@lipa/platform';
import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { StkServiceConfig } from '../config';
import { DarajaBackends } from './daraja-backends';
import { InvalidStkAmount, MpesaRequestRejected, MpesaUnavailable } from './stk.errors';
import { StkTransaction, publicStatus } from './stk-transaction';
import { StkTransactionRepository } from './stk-transaction.repository';

/** Daraja shows AccountReference (12) and TransactionDesc (13) in the prompt; longer ones risk result 1025. */
const ACCOUNT_REFERENCE_MAX = 12;
const TRANSACTION_DESC_MAX = 13;
const UNAVAILABLE_DESC = 'M-Pesa is unavailable';

export function newTransactionId(): string {
  return `txn_${randomBytes(12).toString('base64url').replace(/[-_]/g, '0')}`;
}

/**
 * Writes the transaction before calling Daraja, so a crash mid-call leaves a row to reconcile rather
 * than a prompt nobody knows about. A push whose answer never came is NOT retried (it may have reached
 * the phone): it stays 'unknown' and is settled by its callback or by reconciliation.
 */
@Injectable()
export class InitiateStkPush {
  private readonly logger = new Logger(InitiateStkPush.name);

  constructor(
    private readonly transactions: StkTransactionRepository,
    private readonly daraja: DarajaBackends,
    private readonly config: StkServiceConfig,
  ) {}

  async execute(command: InitiateStkPushV1, correlationId: string): Promise<StkPushAccepted> {
    const client = this.daraja.client(command.mode);
    const amountMinor = BigInt(command.amount_minor);
    if (amountMinor <= 0n || amountMinor % 100n !== 0n) throw new InvalidStkAmount('STK amounts must be a whole number of shillings, at least 1');
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
      correlationId,
    });
    if (!inserted) {
      const existing = await this.transactions.findByIdempotencyKey(command.merchant_id, command.idempotency_key as string);
      this.logger.log({ msg: 'stk.push.idempotent_replay', transaction_id: existing?.id });
      return this.replay(existing as StkTransaction);
    }

    const { shortcode, timestamp, password } = this.daraja.credentials();
    const token = signCallbackToken(this.config.CALLBACK_TOKEN_SECRET, 'stk', inserted.id);
    try {
      const response = await client.stkPush({
        BusinessShortCode: shortcode,
        Password: password,
        Timestamp: timestamp,
        TransactionType: this.config.DARAJA_TRANSACTION_TYPE as 'CustomerPayBillOnline',
        Amount: Number(inserted.amountMinor / 100n),
        PartyA: inserted.phone,
        PartyB: shortcode,
        PhoneNumber: inserted.phone,
        CallBackURL: `${this.config.CALLBACK_BASE_URL.replace(/\/+$/, '')}/callbacks/stk/${token}`,
        AccountReference: inserted.reference.slice(0, ACCOUNT_REFERENCE_MAX),
        TransactionDesc: (inserted.description || inserted.reference).slice(0, TRANSACTION_DESC_MAX),
      });
      const accepted = await this.transactions.markAccepted(inserted.id, response.CheckoutRequestID, response.MerchantRequestID);
      this.logger.log({ msg: 'stk.push.sent', transaction_id: accepted.id, checkout_request_id: accepted.checkoutRequestId });
      return this.accepted(accepted, response.CustomerMessage);
    } catch (error) {
      return this.handleFailure(inserted, error);
    }
  }

  private async handleFailure(txn: StkTransaction, error: unknown): Promise<StkPushAccepted> {
    if (error instanceof DarajaOutcomeUnknownError || (error instanceof DarajaUnavailableError && !error.definitelyNotApplied)) {
      const unknown = await this.transactions.markUnsent(
        txn.id,
        'unknown',
        'unknown',
        'No answer from M-Pesa; the payment will be settled by its callback or by query',
      );
      this.logger.warn({ msg: 'stk.push.outcome_unknown', transaction_id: txn.id });
      return this.accepted(unknown, 'Request sent; awaiting M-Pesa confirmation');
    }
    if (error instanceof DarajaRejectedError) {
      await this.transactions.markUnsent(txn.id, 'failed', error.errorCode, error.errorMessage);
      this.logger.warn({ msg: 'stk.push.rejected', transaction_id: txn.id, error_code: error.errorCode });
      throw new MpesaRequestRejected(`M-Pesa rejected the request: ${error.errorMessage}`, { transaction_id: txn.id, mpesa_error_code: error.errorCode });
    }
    if (error instanceof DarajaUnavailableError) {
      await this.transactions.markUnsent(txn.id, 'failed', error.errorCode ?? error.reason, UNAVAILABLE_DESC);
      this.logger.warn({ msg: 'stk.push.unavailable', transaction_id: txn.id, reason: error.reason });
      throw new MpesaUnavailable('M-Pesa is unavailable right now; please retry shortly', { transaction_id: txn.id });
    }
    throw error;
  }

  /**
   * The same key gives the same outcome: a push that never reached M-Pesa fails again the same way
   * (retrying needs a new key), anything else answers with the transaction as it stands.
   */
  private replay(txn: StkTransaction): StkPushAccepted {
    if (txn.status === 'failed' && !txn.checkoutRequestId) {
      const details = { transaction_id: txn.id, idempotent_replay: true };
      if (txn.resultDesc === UNAVAILABLE_DESC) throw new MpesaUnavailable('M-Pesa was unavailable for this request; retry with a new Idempotency-Key', details);
      throw new MpesaRequestRejected(`M-Pesa rejected the request: ${txn.resultDesc ?? 'unknown reason'}`, details);
    }
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
