import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ListTransactionsV1, TransactionList, parseContract } from '@lipa/contracts';
import { OnCommand } from '@lipa/messaging';
import { TransactionRepository } from './transaction.repository';

const DEFAULT_LIMIT = 10;

/** `ledger.transactions.list`: validate, read, nothing else. */
@Injectable()
export class TransactionCommandsConsumer {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRepository,
  ) {}

  @OnCommand(ListTransactionsV1.command)
  async list(payload: unknown): Promise<TransactionList> {
    const q = parseContract(ListTransactionsV1, payload);
    const page = q.page ?? 1;
    const limit = q.limit ?? DEFAULT_LIMIT;
    const filter = {
      merchantId: q.merchant_id,
      mode: q.mode,
      status: q.status ?? null,
      type: q.type ?? null,
      from: q.from ?? null,
      to: q.to ?? null,
      paymentId: q.payment_id ?? null,
    };
    // One snapshot for the page and the count, so the totals are those of the rows shown.
    const { items, total } = await this.dataSource.transaction('REPEATABLE READ', (tx) => this.transactions.list(tx, filter, (page - 1) * limit, limit));
    return {
      data: items,
      pagination: { current_page: page, per_page: limit, total_items: total, total_pages: Math.max(1, Math.ceil(total / limit)) },
    };
  }
}
