import { IsString } from 'class-validator';
import { MinorUnits } from '../common';

export const LEDGER_SERVICE = 'ledger-service';

/** api-gateway → ledger-service (RPC): the merchant's wallets now. */
export class GetMerchantBalancesV1 {
  static readonly command = 'ledger.balances.get';
  @IsString() merchant_id: string;
}

export interface MerchantBalances {
  merchant_id: string;
  currency: 'KES';
  service_wallet_minor: MinorUnits;
  b2c_wallet_minor: MinorUnits;
  collections_minor: MinorUnits;
}

/**
 * Tests and ops → ledger-service (RPC): how many transfers credited this merchant's collections
 * account and their total, so end-to-end tests can check "exactly one posting" through AMQP only.
 */
export class CountMerchantTransfersV1 {
  static readonly command = 'ledger.transfers.count';
  @IsString() merchant_id: string;
}

export interface MerchantTransferCount {
  merchant_id: string;
  count: number;
  total_minor: MinorUnits;
}
