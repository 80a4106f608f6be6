import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  CountMerchantTransfersV1,
  GetLedgerStatementV1,
  GetMerchantBalancesV1,
  LedgerHoldResult,
  LedgerStatement,
  MerchantBalances,
  MerchantTransferCount,
  PlaceLedgerHoldV1,
  PostLedgerHoldV1,
  PostLedgerTransfersResult,
  PostLedgerTransfersV1,
  VoidLedgerHoldV1,
  parseContract,
} from '@lipa/contracts';
import { CommandMeta, OnCommand } from '@lipa/messaging';
import { parseMinor } from '@lipa/money';
import { LedgerEvents } from './ledger-events';
import { LedgerQueries } from './ledger-queries';
import { PostHold } from './post-hold.use-case';
import { PostTransfer } from './post-transfer.use-case';
import { toWire, toWireResult } from './posted-transfer';
import { TransferRequest } from './transfer-rules';
import { VoidHold } from './void-hold.use-case';

type TransferInput = Omit<PlaceLedgerHoldV1, 'timeout_ms'> & { timeout_ms?: number };

function toRequest(t: TransferInput): TransferRequest {
  return {
    id: t.id,
    debitCode: t.debit_account,
    creditCode: t.credit_account,
    amountMinor: parseMinor(t.amount_minor),
    code: t.code,
    causeType: t.cause_type,
    causeId: t.cause_id,
    reference: t.reference ?? null,
    metadata: t.metadata ?? {},
    timeoutMs: t.timeout_ms,
  };
}

/**
 * Commands are idempotent by transfer (or hold) id, so a redelivered command has no second effect;
 * the events a write causes go through the outbox in its transaction (LedgerEvents).
 */
@Injectable()
export class LedgerCommandsConsumer {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queries: LedgerQueries,
    private readonly postTransfer: PostTransfer,
    private readonly postHold: PostHold,
    private readonly voidHold: VoidHold,
    private readonly events: LedgerEvents,
  ) {}

  @OnCommand(GetMerchantBalancesV1.command)
  async getMerchantBalances(payload: unknown): Promise<MerchantBalances> {
    const { merchant_id, mode } = parseContract(GetMerchantBalancesV1, payload);
    return this.queries.merchantBalances(merchant_id, mode);
  }

  @OnCommand(CountMerchantTransfersV1.command)
  async countMerchantTransfers(payload: unknown): Promise<MerchantTransferCount> {
    const { merchant_id, mode } = parseContract(CountMerchantTransfersV1, payload);
    return this.queries.merchantCollectionTransfers(merchant_id, mode);
  }

  @OnCommand(GetLedgerStatementV1.command)
  async getStatement(payload: unknown): Promise<LedgerStatement> {
    const { merchant_id, wallet, mode, page, limit } = parseContract(GetLedgerStatementV1, payload);
    return this.queries.statement(merchant_id, wallet, mode, page, limit);
  }

  @OnCommand(PostLedgerTransfersV1.command)
  async postTransfers(payload: unknown, meta: CommandMeta): Promise<PostLedgerTransfersResult> {
    const { transfers } = parseContract(PostLedgerTransfersV1, payload);
    const posted = await this.dataSource.transaction(async (tx) => {
      const result = await this.postTransfer.executeLinked(tx, transfers.map(toRequest));
      await this.events.transfersPosted(tx, result, meta);
      return result;
    });
    return { transfers: posted.map(toWireResult) };
  }

  @OnCommand(PlaceLedgerHoldV1.command)
  async placeHold(payload: unknown): Promise<PostLedgerTransfersResult> {
    const hold = parseContract(PlaceLedgerHoldV1, payload);
    const placed = await this.dataSource.transaction((tx) => this.postTransfer.execute(tx, toRequest(hold)));
    return { transfers: [toWireResult(placed)] };
  }

  @OnCommand(PostLedgerHoldV1.command)
  async postHoldCommand(payload: unknown, meta: CommandMeta): Promise<LedgerHoldResult> {
    const { hold_id, amount_minor } = parseContract(PostLedgerHoldV1, payload);
    const outcome = await this.dataSource.transaction(async (tx) => {
      const result = await this.postHold.execute(tx, hold_id, amount_minor === undefined ? undefined : parseMinor(amount_minor));
      if (result.postedTransfer) await this.events.transfersPosted(tx, [result.postedTransfer], meta);
      return result;
    });
    return { hold: toWire(outcome.hold), posted_transfer: outcome.postedTransfer ? toWire(outcome.postedTransfer) : null };
  }

  @OnCommand(VoidLedgerHoldV1.command)
  async voidHoldCommand(payload: unknown): Promise<LedgerHoldResult> {
    const { hold_id } = parseContract(VoidLedgerHoldV1, payload);
    const outcome = await this.dataSource.transaction((tx) => this.voidHold.execute(tx, hold_id));
    return { hold: toWire(outcome.hold), posted_transfer: null };
  }
}
