// class-transformer's @Type reads decorator metadata: without this, importing the contracts first fails.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { LedgerTransferV1 } from '../commands/ledger.commands';

/** ledger-service → anyone: transfers that moved money (one, a linked batch, or the post of a hold). */
export class LedgerTransferPostedV1 {
  static readonly type = 'ledger.transfer.posted';
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => LedgerTransferV1) transfers: LedgerTransferV1[];
}
