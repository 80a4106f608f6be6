import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetMerchantBalancesV1, LEDGER_SERVICE, type MerchantBalances, type WalletBalance } from '@lipa/contracts';
import { UpstreamUnavailableError } from '@lipa/platform';
import { minorToKes } from '@lipa/money';
import { type AuthContext, CurrentAuth, RequestId } from '../auth/auth-context';
import { MerchantAuthGuard } from '../auth/merchant-auth.guard';
import { ApiAuth, ApiErrors, UPSTREAM_ERRORS } from '../http/openapi';
import { UpstreamClient } from '../upstream/upstream.client';
import { BalanceResponse } from './balance.responses';

function walletView(w: WalletBalance) {
  return { available: minorToKes(w.available_minor), held: minorToKes(w.held_minor), total: minorToKes(w.total_minor) };
}

/** The balances of one mode in KES: each wallet's available, held and total, and the available figures at the top level. */
export function balancesView(b: MerchantBalances) {
  if (!b.wallets) throw new UpstreamUnavailableError('ledger-service answered without wallets; it is older than this gateway');
  const wallets = {
    service_wallet: walletView(b.wallets.service_wallet),
    b2c_wallet: walletView(b.wallets.b2c_wallet),
    collections: walletView(b.wallets.collections),
  };
  // Reported, not held: what M-Pesa collected on the merchant's own shortcodes (the money is already the merchant's).
  const ownShortcodeCollections = b.wallets.own_collections_memo ? minorToKes(b.wallets.own_collections_memo.total_minor) : 0;
  return {
    currency: 'KES' as const,
    mode: b.mode,
    service_wallet: wallets.service_wallet.available,
    b2c_wallet: wallets.b2c_wallet.available,
    collections: wallets.collections.available,
    own_shortcode_collections: ownShortcodeCollections,
    wallets,
  };
}

@Controller('v1/balance')
@UseGuards(MerchantAuthGuard)
@ApiTags('Balance')
@ApiAuth()
export class BalanceController {
  constructor(private readonly upstream: UpstreamClient) {}

  @Get()
  @ApiOperation({
    summary: 'Wallet and collection balances',
    description:
      "In KES, of the credential's mode: each wallet's available, held (reserved by open holds) and total balance; the top-level figures are the available ones.",
  })
  @ApiOkResponse({ type: BalanceResponse })
  @ApiErrors(...UPSTREAM_ERRORS)
  async get(@CurrentAuth() auth: AuthContext, @RequestId() requestId: string) {
    // A test key sees its sandbox wallets, a live key real ones.
    const command: GetMerchantBalancesV1 = { merchant_id: auth.merchantId, mode: auth.mode };
    const b = await this.upstream.request<MerchantBalances>(LEDGER_SERVICE, GetMerchantBalancesV1.command, command, {
      correlationId: requestId,
      merchantId: auth.merchantId,
    });
    return { success: true, message: 'Balances retrieved', ...balancesView(b) };
  }
}
