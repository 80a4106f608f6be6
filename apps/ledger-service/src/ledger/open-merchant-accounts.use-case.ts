import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { isValidMerchantId, merchantAccounts } from './account-codes';
import { AccountRepository } from './account.repository';
import { InvalidTransferError } from './ledger.errors';

/** Opens the merchant's service wallet, B2C wallet and collections account; opening twice is a no-op. */
@Injectable()
export class OpenMerchantAccounts {
  constructor(private readonly accounts: AccountRepository) {}

  async execute(tx: EntityManager, merchantId: string): Promise<void> {
    if (!isValidMerchantId(merchantId)) throw new InvalidTransferError(`merchant id ${JSON.stringify(merchantId)} cannot own ledger accounts`);
    for (const spec of merchantAccounts(merchantId)) await this.accounts.ensure(tx, spec);
  }
}
