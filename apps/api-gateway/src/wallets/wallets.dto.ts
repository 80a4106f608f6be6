import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsKesAmount } from '../http/validators';
import { PageQuery } from '../http/pagination';

export const WALLETS = ['service_wallet', 'b2c_wallet', 'collections'] as const;
export type WalletName = (typeof WALLETS)[number];

export class StatementQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json', description: '`csv` streams every entry (not one page) as text/csv.' })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format?: 'json' | 'csv';
}

/** Admin adjustment of a merchant's wallet, from or to the platform's funding account. */
export class WalletAdjustmentDto {
  @ApiProperty({ enum: ['credit', 'debit'], description: 'credit adds to the wallet (from funding); debit takes from it (to funding).', example: 'credit' })
  @IsIn(['credit', 'debit'], { message: 'direction must be credit or debit' })
  direction: 'credit' | 'debit';
  @ApiProperty({ description: 'KES, up to two decimals.', example: 500, minimum: 0.01, maximum: 10_000_000 })
  @IsKesAmount(10_000_000)
  amount: number;
  @ApiProperty({ minLength: 1, maxLength: 500, description: 'Why; kept in the audit log and on the ledger entry.', example: 'Bank deposit ref 88231' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason: string;
  @ApiPropertyOptional({ enum: ['test', 'live'], default: 'live', description: 'Which mode’s wallet.' })
  @IsOptional()
  @IsIn(['test', 'live'])
  mode?: 'test' | 'live';
}

/** A merchant moves collected money into its B2C wallet. */
export class MoveToB2cDto {
  @ApiProperty({ description: 'KES, up to two decimals.', example: 1000, minimum: 0.01 })
  @IsKesAmount(10_000_000)
  amount: number;
}
