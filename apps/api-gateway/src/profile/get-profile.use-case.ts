import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ApiMode } from '@lipa/contracts';
import { NotFoundError } from '@lipa/platform';
import { CredentialRow, CredentialsRepository } from '../auth/credentials.repository';
import type { MerchantRow } from '../merchants/merchant';
import { MerchantsRepository } from '../merchants/merchants.repository';
import type { PaymentAccountRow } from '../payment-accounts/payment-account';
import { PaymentAccountsRepository } from '../payment-accounts/payment-accounts.repository';

export interface Profile {
  merchant: MerchantRow;
  keys: CredentialRow[];
  accounts: PaymentAccountRow[];
}

@Injectable()
export class GetProfile {
  constructor(
    private readonly dataSource: DataSource,
    private readonly merchants: MerchantsRepository,
    private readonly credentials: CredentialsRepository,
    private readonly accounts: PaymentAccountsRepository,
  ) {}

  /** `mode` null: both modes (a portal session); an API key sees only its own mode's keys and accounts. */
  async execute(merchantId: string, mode: ApiMode | null): Promise<Profile> {
    const db = this.dataSource.manager;
    const merchant = await this.merchants.findById(db, merchantId);
    if (!merchant) throw new NotFoundError('merchant_not_found', 'Merchant not found');
    const [keys, accounts] = await Promise.all([this.credentials.listForMerchant(db, merchantId, mode), this.accounts.list(db, merchantId, mode)]);
    return { merchant, keys, accounts };
  }
}
