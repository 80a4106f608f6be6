import type { LedgerTransferResult, LedgerTransferV1 } from '@lipa/contracts';
import { TransferContent } from './transfer-rules';
import type { HoldState, TransferRow, TransferType } from './transfer.repository';

/** A transfer as stored, in the service's own types (bigint money). */
export interface PostedTransfer {
  id: string;
  type: TransferType;
  debitCode: string;
  creditCode: string;
  amountMinor: bigint;
  code: string;
  causeType: string;
  causeId: string;
  reference: string | null;
  metadata: Record<string, unknown>;
  holdState: HoldState | null;
  timeoutAt: Date | null;
  postedAmountMinor: bigint | null;
  pendingId: string | null;
  createdAt: Date;
  /** False when the id had been posted before: nothing moved this time. */
  created: boolean;
}

export function fromRow(row: TransferRow, created: boolean): PostedTransfer {
  return {
    id: row.id,
    type: row.type,
    debitCode: row.debit_code,
    creditCode: row.credit_code,
    amountMinor: BigInt(row.amount_minor),
    code: row.code,
    causeType: row.cause_type,
    causeId: row.cause_id,
    reference: row.reference,
    metadata: row.metadata,
    holdState: row.hold_state,
    timeoutAt: row.timeout_at === null ? null : new Date(row.timeout_at),
    postedAmountMinor: row.posted_amount_minor === null ? null : BigInt(row.posted_amount_minor),
    pendingId: row.pending_id,
    createdAt: new Date(row.created_at),
    created,
  };
}

export function storedContent(t: PostedTransfer): TransferContent {
  return {
    debitCode: t.debitCode,
    creditCode: t.creditCode,
    amountMinor: t.amountMinor,
    code: t.code,
    causeType: t.causeType,
    causeId: t.causeId,
    reference: t.reference,
    metadata: t.metadata,
    pending: t.type === 'pending',
  };
}

export function toWire(t: PostedTransfer): LedgerTransferV1 {
  return {
    id: t.id,
    type: t.type,
    debit_account: t.debitCode,
    credit_account: t.creditCode,
    amount_minor: t.amountMinor.toString(),
    code: t.code,
    cause_type: t.causeType,
    cause_id: t.causeId,
    reference: t.reference,
    metadata: t.metadata,
    hold_state: t.holdState,
    timeout_at: t.timeoutAt?.toISOString() ?? null,
    posted_amount_minor: t.postedAmountMinor?.toString() ?? null,
    pending_id: t.pendingId,
    created_at: t.createdAt.toISOString(),
  };
}

export function toWireResult(t: PostedTransfer): LedgerTransferResult {
  return { ...toWire(t), created: t.created };
}
