import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { LEDGER_SERVICE, ListTransactionsV1, type TransactionList, type TransactionListItem } from '@lipa/contracts';
import { minorToKes } from '@lipa/money';
import { Authenticated } from '../auth/access';
import { type AuthContext, CurrentAuth, RequestId } from '../auth/auth-context';
import { ApiAuth, ApiErrors, ApiPage, UPSTREAM_ERRORS } from '../http/openapi';
import { UpstreamClient } from '../upstream/upstream.client';
import { TransactionItem, TransactionsQuery } from './transactions.dto';

export function transactionItemView(t: TransactionListItem): TransactionItem {
  return {
    id: t.transaction_id,
    transaction_id: t.transaction_id,
    type: t.type,
    mode: t.mode,
    status: t.status,
    amount: minorToKes(t.amount_minor),
    currency: 'KES',
    phone: t.phone,
    reference: t.reference,
    transaction_code: t.transaction_code,
    fee_amount: minorToKes(t.fee_minor),
    fee_deducted: t.fee_deducted,
    payment_id: t.payment_id,
    created_at: t.created_at,
    completed_at: t.completed_at,
  };
}

/**
 * The merchant's money movements of the credential's mode, from ledger-service's read model
 * (apps/ledger-service/README.md, "Transactions"). `GET /v1/transactions/{id}` stays in StkController:
 * a different path, so neither route shadows the other.
 */
@Controller('v1/transactions')
// Beside GET /v1/transactions/{id}; a tag of its own needs a line in src/http/openapi-document.ts.
@ApiTags('Transactions')
@ApiAuth()
export class TransactionsController {
  constructor(private readonly upstream: UpstreamClient) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'List transactions',
    description:
      'Every kind of money movement of the credential’s mode (STK pushes today), newest first, filtered by status, type, creation time and payment account.',
  })
  @ApiPage(TransactionItem, { description: 'One page of transactions.', message: 'Transactions retrieved' })
  @ApiErrors('validation_error', ...UPSTREAM_ERRORS)
  async list(@CurrentAuth() auth: AuthContext, @Query() q: TransactionsQuery, @RequestId() requestId: string) {
    const command: ListTransactionsV1 = { merchant_id: auth.merchantId, mode: auth.mode, page: q.page, limit: q.limit };
    if (q.status !== undefined) command.status = q.status;
    if (q.type !== undefined) command.type = q.type;
    if (q.from !== undefined) command.from = q.from;
    if (q.to !== undefined) command.to = q.to;
    if (q.payment_id !== undefined) command.payment_id = q.payment_id;
    const list = await this.upstream.request<TransactionList>(LEDGER_SERVICE, ListTransactionsV1.command, command, {
      correlationId: requestId,
      merchantId: auth.merchantId,
    });
    return { success: true, message: 'Transactions retrieved', data: list.data.map(transactionItemView), pagination: list.pagination };
  }
}
