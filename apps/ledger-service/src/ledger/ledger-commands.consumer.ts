import { Injectable } from '@nestjs/common';
import { CountMerchantTransfersV1, GetMerchantBalancesV1, MerchantBalances, MerchantTransferCount, parseContract } from '@lipa/contracts';
import { OnCommand } from '@lipa/messaging';
import { LedgerQueries } from './ledger-queries';

@Injectable()
export class LedgerCommandsConsumer {
  constructor(private readonly queries: LedgerQueries) {}

  @OnCommand(GetMerchantBalancesV1.command)
  async getMerchantBalances(payload: unknown): Promise<MerchantBalances> {
    const { merchant_id, mode } = parseContract(GetMerchantBalancesV1, payload);
    return this.queries.merchantBalances(merchant_id, mode);
  }

  @OnCommand(CountMerchantTransfersV1.command)
  async countMerchantTransfers(payload: unknown): Promise<MerchantTransferCount> {
    const { merchant_id, mode } = parseContract(CountMerchantTransfersV1, payload);
    return this.queries.merchantCollectionTransfers(merchant_id, mode);
  }
}
