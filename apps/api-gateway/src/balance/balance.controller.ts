import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetMerchantBalancesV1, LEDGER_SERVICE, type MerchantBalances } from '@lipa/contracts';
import { minorToKes } from '@lipa/money';
import { type AuthContext, CurrentAuth, RequestId } from '../auth/auth-context';
import { MerchantAuthGuard } from '../auth/merchant-auth.guard';
import { ApiAuth, ApiErrors, UPSTREAM_ERRORS } from '../http/openapi';
import { UpstreamClient } from '../upstream/upstream.client';
import { BalanceResponse } from './balance.responses';

@Controller('v1/balance')
@UseGuards(MerchantAuthGuard)
@ApiTags('Balance')
@ApiAuth()
export class BalanceController {
  constructor(private readonly upstream: UpstreamClient) {}

  @Get()
  @ApiOperation({
    summary: 'Wallet and collection balances',
    description: "In KES. `collections` are those of the credential's mode; wallets are real money in both modes.",
  })
  @ApiOkResponse({ type: BalanceResponse })
  @ApiErrors(...UPSTREAM_ERRORS)
  async get(@CurrentAuth() auth: AuthContext, @RequestId() requestId: string) {
    // A test key sees its sandbox collections, a live key real ones; wallets are always real money.
    const command: GetMerchantBalancesV1 = { merchant_id: auth.merchantId, mode: auth.mode };
    const b = await this.upstream.request<MerchantBalances>(LEDGER_SERVICE, GetMerchantBalancesV1.command, command, {
      correlationId: requestId,
      merchantId: auth.merchantId,
    });
    return {
      success: true,
      message: 'Balances retrieved',
      currency: 'KES',
      mode: b.mode,
      service_wallet: minorToKes(b.service_wallet_minor),
      b2c_wallet: minorToKes(b.b2c_wallet_minor),
      collections: minorToKes(b.collections_minor),
    };
  }
}
