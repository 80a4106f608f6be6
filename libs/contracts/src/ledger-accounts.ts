import type { ApiMode } from './common';

/**
 * The ledger's account codes as other services name them in ledger commands (apps/ledger-service/README.md,
 * "Account chart"): `merchant:<merchant_id>:<mode>:<kind>` and `platform:<mode>:<kind>`.
 */
export type MerchantWallet = 'service_wallet' | 'b2c_wallet' | 'collections';
export type PlatformAccount = 'fee_revenue' | 'funding' | 'suspense';

export function merchantLedgerAccount(merchantId: string, mode: ApiMode, wallet: MerchantWallet): string {
  return `merchant:${merchantId}:${mode}:${wallet}`;
}

export function platformLedgerAccount(mode: ApiMode, account: PlatformAccount): string {
  return `platform:${mode}:${account}`;
}
