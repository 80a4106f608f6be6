import { GetTransactionV1, InitiateStkPushV1, StkPushAccepted, TransactionView, parseContract } from '@lipa/contracts';
import { CommandMeta, OnCommand } from '@lipa/messaging';
import { RequestValidationError } from '@lipa/platform';
import { Injectable } from '@nestjs/common';
import { InitiateStkPush } from './initiate-stk-push.use-case';
import { TransactionNotFound } from './stk.errors';
import { toTransactionView } from './stk-transaction';
import { StkTransactionRepository } from './stk-transaction.repository';

/** RPC in from api-gateway: validate, call the use case, nothing else. */
@Injectable()
export class StkPushConsumer {
  constructor(
    private readonly initiate: InitiateStkPush,
    private readonly transactions: StkTransactionRepository,
  ) {}

  @OnCommand(InitiateStkPushV1.command)
  async onInitiate(payload: unknown, meta: CommandMeta): Promise<StkPushAccepted> {
    const receivedAt = Date.now();
    return this.initiate.execute(parseContract(InitiateStkPushV1, payload), { correlationId: meta.correlationId, commandId: meta.envelopeId, receivedAt });
  }

  @OnCommand(GetTransactionV1.command)
  async onGet(payload: unknown): Promise<TransactionView> {
    const query = parseContract(GetTransactionV1, payload);
    if (!query.transaction_id && !query.checkout_request_id) throw new RequestValidationError('transaction_id or checkout_request_id is required');
    const txn = await this.transactions.findForMerchant(query.merchant_id, {
      id: query.transaction_id,
      checkoutRequestId: query.checkout_request_id,
      mode: query.mode,
    });
    if (!txn) throw new TransactionNotFound('No such transaction');
    return toTransactionView(txn);
  }
}
