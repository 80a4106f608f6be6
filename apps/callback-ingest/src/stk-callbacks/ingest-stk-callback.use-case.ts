import { StkCallbackReceivedV1 } from '@lipa/contracts';
import { InvalidStkCallbackError, parseStkCallback } from '@lipa/daraja';
import { Outbox, newEnvelope } from '@lipa/messaging';
import { verifyCallbackToken } from '@lipa/platform';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CallbackIngestConfig } from '../config';
import { CallbackOutcome, RawCallbackRepository } from './raw-callback.repository';

export interface IncomingCallback {
  pathToken: string;
  sourceIp: string | null;
  headers: Record<string, unknown>;
  rawBody: string;
  correlationId: string;
}

/**
 * Store first, then decide: the raw request is written in the same transaction as the de-duplication
 * key and the event, so a crash either keeps all three or none (and Safaricom's one delivery is then
 * answered with an error rather than silently lost).
 */
@Injectable()
export class IngestStkCallback {
  private readonly logger = new Logger(IngestStkCallback.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly callbacks: RawCallbackRepository,
    private readonly outbox: Outbox,
    private readonly config: CallbackIngestConfig,
  ) {}

  async execute(incoming: IncomingCallback, sourceAllowed: boolean): Promise<CallbackOutcome> {
    const transactionId = verifyCallbackToken(this.config.CALLBACK_TOKEN_SECRET, 'stk', incoming.pathToken);
    const callbackId = randomUUID();
    const raw = {
      id: callbackId,
      kind: 'stk',
      pathToken: incoming.pathToken,
      subjectId: transactionId,
      sourceIp: incoming.sourceIp,
      headers: incoming.headers,
      body: incoming.rawBody,
    };

    return this.dataSource.transaction(async (tx) => {
      if (!sourceAllowed || !transactionId) {
        const outcome: CallbackOutcome = !sourceAllowed ? 'rejected_source' : 'rejected_token';
        await this.callbacks.append(tx, raw, outcome, null);
        this.logger.warn({ msg: 'callback.rejected', outcome, callback_id: callbackId, source_ip: incoming.sourceIp });
        return outcome;
      }

      let parsed;
      try {
        parsed = parseStkCallback(JSON.parse(incoming.rawBody));
      } catch (error) {
        if (!(error instanceof InvalidStkCallbackError) && !(error instanceof SyntaxError)) throw error;
        await this.callbacks.append(tx, raw, 'unparsable', null);
        this.logger.warn({ msg: 'callback.unparsable', callback_id: callbackId, transaction_id: transactionId });
        return 'unparsable';
      }

      const dedupeKey = `stk:${parsed.checkoutRequestId}`;
      await this.callbacks.append(tx, raw, 'accepted', dedupeKey);
      if (!(await this.callbacks.claimKey(tx, dedupeKey, callbackId))) {
        await this.callbacks.setOutcome(tx, callbackId, 'duplicate');
        this.logger.log({ msg: 'callback.duplicate', callback_id: callbackId, checkout_request_id: parsed.checkoutRequestId });
        return 'duplicate';
      }

      const event: StkCallbackReceivedV1 = {
        callback_id: callbackId,
        transaction_id: transactionId,
        checkout_request_id: parsed.checkoutRequestId,
        merchant_request_id: parsed.merchantRequestId,
        result_code: parsed.resultCode,
        result_desc: parsed.resultDesc,
        amount: parsed.amount,
        mpesa_receipt_number: parsed.mpesaReceiptNumber,
        transaction_date: parsed.transactionDate,
        phone_number: parsed.phoneNumber,
      };
      await this.outbox.add(tx, newEnvelope(StkCallbackReceivedV1.type, event, { correlationId: incoming.correlationId }));
      this.logger.log({ msg: 'callback.accepted', callback_id: callbackId, transaction_id: transactionId, result_code: parsed.resultCode });
      return 'accepted';
    });
  }
}
