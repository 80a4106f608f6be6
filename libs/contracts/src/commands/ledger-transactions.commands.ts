// class-transformer's @Type reads decorator metadata: without this, importing the contracts first fails.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { API_MODES, ApiMode, MinorUnits, PaymentStatus } from '../common';

/** Every status a listed transaction can have (STK's today; the same words for what lands later). */
export const TRANSACTION_STATUSES: PaymentStatus[] = ['pending', 'completed', 'failed', 'cancelled', 'timeout'];

/**
 * The kinds of money movement the transactions read model carries: `stk_push` now; C2B, payouts,
 * top-ups, fees, adjustments and settlements as they land (apps/ledger-service/README.md, "Transactions").
 */
export const TRANSACTION_KINDS = ['stk_push', 'top_up'] as const;
export type TransactionKind = (typeof TRANSACTION_KINDS)[number];

/** api-gateway → ledger-service (RPC): one page of a merchant's transactions of one mode, newest first. */
export class ListTransactionsV1 {
  static readonly command = 'ledger.transactions.list';
  @IsString() @MaxLength(200) merchant_id: string;
  @IsIn(API_MODES) mode: ApiMode;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) page?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @IsOptional() @IsIn(TRANSACTION_STATUSES) status?: PaymentStatus;
  /** Free text so kinds can land without a contract change; an unknown kind simply lists nothing. */
  @IsOptional() @IsString() @MaxLength(50) type?: string;
  /** created_at ≥ from (an ISO 8601 instant or date). */
  @IsOptional() @IsISO8601({ strict: true }) from?: string;
  /** created_at ≤ to. */
  @IsOptional() @IsISO8601({ strict: true }) to?: string;
  @IsOptional() @Matches(/^#\d{5}$/) payment_id?: string;
}

export interface TransactionListItem {
  transaction_id: string;
  mode: ApiMode;
  type: string;
  status: PaymentStatus;
  amount_minor: MinorUnits;
  phone: string | null;
  reference: string | null;
  transaction_code: string | null;
  fee_minor: MinorUnits;
  /** True once the fee was taken from the service wallet (the fee hold posted on completion). */
  fee_deducted: boolean;
  payment_id: string | null;
  created_at: string;
  completed_at: string | null;
}

export interface TransactionList {
  data: TransactionListItem[];
  /** Over the whole filtered list, not the page: total_pages is at least 1. */
  pagination: { current_page: number; per_page: number; total_items: number; total_pages: number };
}
