import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { TRANSACTION_STATUSES } from '@lipa/contracts';
import { PageQuery } from '../http/pagination';

/** `GET /v1/transactions`: a page and the filters the ledger's read model answers (ListTransactionsV1). */
export class TransactionsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TRANSACTION_STATUSES, example: 'completed' })
  @IsOptional()
  @IsIn(TRANSACTION_STATUSES, { message: `status must be one of ${TRANSACTION_STATUSES.join(', ')}` })
  status?: (typeof TRANSACTION_STATUSES)[number];
  @ApiPropertyOptional({
    maxLength: 50,
    description: 'The kind of money movement: `stk_push` (a sale) or `top_up` (a push topping up a wallet); more kinds as they land.',
    example: 'stk_push',
  })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  @Matches(/^[a-z][a-z0-9_]*$/, { message: 'type must be a lowercase word such as stk_push' })
  type?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Created at or after (ISO 8601).', example: '2026-11-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'from must be an ISO 8601 date or date-time' })
  from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Created at or before (ISO 8601).', example: '2026-11-30T23:59:59Z' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'to must be an ISO 8601 date or date-time' })
  to?: string;
  @ApiPropertyOptional({ description: 'Only what the payment account collected.', example: '#00001' })
  @IsOptional()
  @Matches(/^#\d{5}$/, { message: 'payment_id must look like #00001' })
  payment_id?: string;
}

/** One item of `GET /v1/transactions`, for the API reference (transactionItemView builds it). */
export class TransactionItem {
  @ApiProperty({ description: 'The `transaction_id`: `GET /v1/transactions/{id}` answers it in full.', example: 'txn_4fQ0m2Xk9bT7cV1pZ8aR3sLd' }) id: string;
  @ApiProperty({ example: 'txn_4fQ0m2Xk9bT7cV1pZ8aR3sLd' }) transaction_id: string;
  @ApiProperty({ description: 'The kind of money movement.', example: 'stk_push' }) type: string;
  @ApiProperty({ enum: ['test', 'live'], example: 'live' }) mode: string;
  @ApiProperty({ enum: TRANSACTION_STATUSES, example: 'completed' }) status: string;
  @ApiProperty({ description: 'KES.', example: 100 }) amount: number;
  @ApiProperty({ enum: ['KES'], example: 'KES' }) currency: string;
  @ApiProperty({ type: String, nullable: true, example: '254712345678' }) phone: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'INV-001' }) reference: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The M-Pesa receipt number.', example: 'NLJ7RT61SV' }) transaction_code: string | null;
  @ApiProperty({ description: 'Platform fee, in KES.', example: 0 }) fee_amount: number;
  @ApiProperty({ description: 'True once the fee was taken from the service wallet.', example: false }) fee_deducted: boolean;
  @ApiProperty({ type: String, nullable: true, example: '#00001' }) payment_id: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-11-24T09:30:00.000Z' }) created_at: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-11-24T09:30:21.000Z' }) completed_at: string | null;
}
