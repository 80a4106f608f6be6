import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { isValidMerchantId, merchantAccounts } from './account-codes';
import { AccountRepository } from './account.repository';
import { InvalidTransferError } from './ledger.errors';

/** Opens the merchant's service wallet, B2C wallet, collections and own-shortcode memo, test and live; opening twice is a no-op. */
@Injectable()
export class OpenMerchantAccounts {
  constructor(private readonly accounts: AccountRepository) {}

  async execute(tx: EntityManager, merchantId: string): Promise<void> {
    if (!isValidMerchantId(merchantId)) throw new InvalidTransferError(`merchant id ${JSON.stringify(merchantId)} cannot own ledger accounts`);
    await this.accounts.ensureAll(tx, merchantAccounts(merchantId));
  }
}
