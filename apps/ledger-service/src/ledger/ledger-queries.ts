import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiMode, MerchantBalances, MerchantTransferCount } from '@lipa/contracts';
import { collectionAccounts, isValidMerchantId } from './account-codes';
import { AccountRepository } from './account.repository';
import { TransferRepository } from './transfer.repository';

/** Reads for the RPC consumers; a merchant without accounts (or with an unusable id) has zeros. */
@Injectable()
export class LedgerQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly transfers: TransferRepository,
  ) {}

  async merchantBalances(merchantId: string, mode: ApiMode = 'live'): Promise<MerchantBalances> {
    const rows = isValidMerchantId(merchantId) ? await this.accounts.findByMerchant(this.dataSource.manager, merchantId) : [];
    const balanceOf = (kind: string) => rows.find((r) => r.kind === kind)?.balance_minor ?? '0';
    return {
      merchant_id: merchantId,
      currency: 'KES',
      service_wallet_minor: BigInt(balanceOf('service_wallet')).toString(),
      b2c_wallet_minor: BigInt(balanceOf('b2c_wallet')).toString(),
      mode,
      collections_minor: BigInt(balanceOf(mode === 'test' ? 'test_collections' : 'collections')).toString(),
    };
  }

  async merchantCollectionTransfers(merchantId: string, mode: ApiMode = 'live'): Promise<MerchantTransferCount> {
    if (!isValidMerchantId(merchantId)) return { merchant_id: merchantId, count: 0, total_minor: '0' };
    const { count, totalMinor } = await this.transfers.creditsTo(this.dataSource.manager, collectionAccounts(merchantId, mode).creditCode);
    return { merchant_id: merchantId, count, total_minor: totalMinor.toString() };
  }
}
