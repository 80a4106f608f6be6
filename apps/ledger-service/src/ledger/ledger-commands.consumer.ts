import { Injectable } from '@nestjs/common';
import { ContractViolation, CountMerchantTransfersV1, GetMerchantBalancesV1, MerchantBalances, MerchantTransferCount, parseContract } from '@lipa/contracts';
import { OnCommand } from '@lipa/messaging';
import { RequestValidationError } from '@lipa/platform';
import { LedgerQueries } from './ledger-queries';

/** A malformed request is the caller's mistake: answer 400 rather than an internal error. */
function parseRequest<T extends object>(contract: new () => T, payload: unknown): T {
  try {
    return parseContract(contract, payload);
  } catch (error) {
    if (error instanceof ContractViolation) throw new RequestValidationError(error.message);
    throw error;
  }
}

@Injectable()
export class LedgerCommandsConsumer {
  constructor(private readonly queries: LedgerQueries) {}

  @OnCommand(GetMerchantBalancesV1.command)
  async getMerchantBalances(payload: unknown): Promise<MerchantBalances> {
    const { merchant_id, mode } = parseRequest(GetMerchantBalancesV1, payload);
    return this.queries.merchantBalances(merchant_id, mode);
  }

  @OnCommand(CountMerchantTransfersV1.command)
  async countMerchantTransfers(payload: unknown): Promise<MerchantTransferCount> {
    const { merchant_id, mode } = parseRequest(CountMerchantTransfersV1, payload);
    return this.queries.merchantCollectionTransfers(merchant_id, mode);
  }
}
