import { Inject, Injectable } from '@nestjs/common';
import { darajaTimestamp, stkPassword } from '@lipa/daraja';
import { DarajaHttpError } from '../http/daraja-http.error';
import { ResolvedSimulatorOptions, SIM_OPTIONS } from '../sim-options';
import { SimStateService, SimTransaction } from '../sim-state.service';
import { CallbackSender } from './callback.sender';
import { checkoutRequestId, merchantRequestId, mpesaReceiptNumber } from './daraja-ids';
import { outcomeForPhone } from './phone-outcomes';
import { StkPushFields } from './stk-request.validator';

const merchantError = (message: string) => new DarajaHttpError(500, '500.001.1001', message);

/** The STK push lifecycle: accept, hold the subscriber lock while the prompt is open, settle, call back. */
@Injectable()
export class StkSimulationService {
  constructor(
    private readonly state: SimStateService,
    private readonly callbacks: CallbackSender,
    @Inject(SIM_OPTIONS) private readonly options: ResolvedSimulatorOptions,
  ) {}

  /** Wrong or unknown credentials give 500.001.1001 with different messages, as Daraja does. */
  checkPassword(shortcode: string, password: string, timestamp: string): void {
    const passkey = this.options.passkeysByShortcode.get(shortcode);
    if (passkey === undefined) throw merchantError('Merchant does not exist');
    if (password !== stkPassword(shortcode, passkey, timestamp)) throw merchantError('[MerchantValidate] - Wrong credentials');
  }

  /** `callbacksDone` settles once every callback of the payment went out (at once for the slow-answer number). */
  accept(fields: StkPushFields, consumerKey: string): { txn: SimTransaction; callbacksDone: Promise<void> } {
    const outcome = outcomeForPhone(fields.phoneNumber);
    if (outcome.push === 'spike_arrest') {
      throw new DarajaHttpError(500, '500.003.02', 'Error Occurred: Spike Arrest Violation');
    }
    if (!this.state.tryLockSubscriber(fields.phoneNumber)) {
      throw merchantError('Unable to lock subscriber, a transaction is already in process for the current subscriber');
    }
    const txn: SimTransaction = {
      merchantRequestId: merchantRequestId(),
      checkoutRequestId: this.uniqueCheckoutId(fields.phoneNumber),
      shortcode: fields.shortcode,
      partyB: fields.partyB,
      transactionType: fields.transactionType,
      consumerKey,
      queries: [],
      amount: fields.amount,
      phoneNumber: fields.phoneNumber,
      callbackUrl: fields.callbackUrl,
      outcome,
      resultCode: null,
    };
    this.state.transactions.set(txn.checkoutRequestId, txn);
    // With no delay the payment settles before the push answers, so back-to-back pushes to one phone never
    // meet the subscriber lock; otherwise the lock lasts as long as the prompt is "open". The slow-answer
    // number settles at once whatever the delay: its callback is meant to arrive before the push's answer.
    if (this.options.callbackDelayMs === 0 || outcome.push === 'slow_answer') return { txn, callbacksDone: this.settle(txn) };
    const callbacksDone = new Promise<void>((resolve) => this.state.schedule(() => void this.settle(txn).then(resolve), this.options.callbackDelayMs));
    return { txn, callbacksDone };
  }

  private settle(txn: SimTransaction): Promise<void> {
    this.state.unlockSubscriber(txn.phoneNumber);
    const { outcome } = txn;
    if (outcome.resultCode === null) return Promise.resolve(); // lost in M-Pesa: no callback, the query stays pending
    txn.resultCode = outcome.resultCode;
    if (outcome.resultCode === 0) {
      const now = new Date();
      txn.receipt = mpesaReceiptNumber(now);
      txn.transactionDate = Number(darajaTimestamp(now));
    }
    return this.deliverAll(txn, outcome.deliveries);
  }

  private async deliverAll(txn: SimTransaction, times: number): Promise<void> {
    // Deliver after the current turn so a zero-delay push answers before its callback lands.
    await new Promise((resolve) => setImmediate(resolve));
    for (let i = 0; i < times; i += 1) await this.callbacks.deliver(txn, txn.outcome.callbackDesc);
  }

  /** The id only has millisecond resolution; bump the clock for a rare collision on the same phone. */
  private uniqueCheckoutId(msisdn: string): string {
    let at = Date.now();
    let id = checkoutRequestId(new Date(at), msisdn);
    while (this.state.transactions.has(id)) {
      at += 1;
      id = checkoutRequestId(new Date(at), msisdn);
    }
    return id;
  }
}
