// class-transformer's @Type reads decorator metadata: without this, importing the contracts first fails.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { LedgerTransferV1 } from '../commands/ledger.commands';

/** ledger-service → b2c-payout-service, stk-service…: a hold reached its timeout and released what it reserved. */
export class LedgerHoldExpiredV1 {
  static readonly type = 'ledger.hold.expired';
  @ValidateNested() @Type(() => LedgerTransferV1) hold: LedgerTransferV1;
}
