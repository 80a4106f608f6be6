import { IsIn, IsOptional, IsString } from 'class-validator';
import { API_MODES, ApiMode, MinorUnits } from '../common';

export const LEDGER_SERVICE = 'ledger-service';

/** api-gateway → ledger-service (RPC): the merchant's wallets now. */
export class GetMerchantBalancesV1 {
  static readonly command = 'ledger.balances.get';
  @IsString() merchant_id: string;
  /** Whose collections: sandbox (test-mode) money is kept apart from real money. Default live. */
  @IsOptional() @IsIn(API_MODES) mode?: ApiMode;
}

export interface MerchantBalances {
  merchant_id: string;
  currency: 'KES';
  service_wallet_minor: MinorUnits;
  b2c_wallet_minor: MinorUnits;
  /** Collections of the mode asked for. */
  mode: ApiMode;
  collections_minor: MinorUnits;
}

/**
 * Tests and ops → ledger-service (RPC): how many transfers credited this merchant's collections
 * account and their total, so end-to-end tests can check "exactly one posting" through AMQP only.
 */
export class CountMerchantTransfersV1 {
  static readonly command = 'ledger.transfers.count';
  @IsString() merchant_id: string;
  @IsOptional() @IsIn(API_MODES) mode?: ApiMode;
}

export interface MerchantTransferCount {
  merchant_id: string;
  count: number;
  total_minor: MinorUnits;
}
