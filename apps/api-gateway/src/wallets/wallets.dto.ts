import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../http/pagination';

export const WALLETS = ['service_wallet', 'b2c_wallet', 'collections'] as const;
export type WalletName = (typeof WALLETS)[number];

export class StatementQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json', description: '`csv` streams every entry (not one page) as text/csv.' })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format?: 'json' | 'csv';
}
