import { StkCallbackReceivedV1, parseContract } from '@lipa/contracts';
import { Envelope, OnEvent } from '@lipa/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SettleStkPayment } from './settle-stk-payment.use-case';

@Injectable()
export class StkCallbackConsumer {
  constructor(private readonly settle: SettleStkPayment) {}

  @OnEvent(StkCallbackReceivedV1.type)
  async onCallback(tx: EntityManager, envelope: Envelope<unknown>): Promise<void> {
    const callback = parseContract(StkCallbackReceivedV1, envelope.payload);
    await this.settle.execute(tx, {
      transactionId: callback.transaction_id,
      checkoutRequestId: callback.checkout_request_id,
      merchantRequestId: callback.merchant_request_id,
      resultCode: callback.result_code,
      resultDesc: callback.result_desc,
      mpesaReceiptNumber: callback.mpesa_receipt_number,
      correlationId: envelope.correlation_id,
    });
  }
}
