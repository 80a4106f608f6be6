import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/access';
import { type AuthContext, CurrentAuth, visibleMode } from '../auth/auth-context';
import { ApiAuthenticated, RATE_LIMIT_HEADERS } from '../auth/auth.openapi';
import { apiKeyView } from '../keys/api-key';
import { subscriptionView } from '../merchants/merchant';
import { paymentAccountView } from '../payment-accounts/payment-account';
import { GetProfile } from './get-profile.use-case';
import { ProfileResponse } from './me.openapi';

@Controller('v1/me')
@ApiTags('Profile')
export class MeController {
  constructor(private readonly profile: GetProfile) {}

  /** The profile as the Merchant Portal shows it: subscription, keys (masked), payment accounts, links. */
  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'Get the merchant profile',
    description:
      'The merchant behind the credential, as the Merchant Portal shows it: subscription, switches, API keys (secrets masked) and payment accounts of both modes, and how this request authenticated.',
  })
  @ApiAuthenticated()
  @ApiOkResponse({ type: ProfileResponse, headers: RATE_LIMIT_HEADERS, description: 'The profile.' })
  async me(@CurrentAuth() auth: AuthContext) {
    const { merchant, keys, accounts } = await this.profile.execute(auth.merchantId, visibleMode(auth));
    return {
      success: true,
      message: 'Profile retrieved',
      merchant_id: merchant.id,
      username: merchant.username,
      email: merchant.email,
      phone: merchant.phone,
      business_name: merchant.business_name,
      role: merchant.role,
      status: merchant.status,
      live_approved: merchant.live_approved_at !== null,
      created_at: merchant.created_at.toISOString(),
      auth_method: auth.method,
      mode: auth.mode,
      subscription: subscriptionView(merchant),
      switches: {
        withdrawal_enabled: merchant.withdrawal_enabled,
        send_money_enabled: merchant.send_money_enabled,
        auto_b2c_enabled: merchant.auto_b2c_enabled,
      },
      api_keys: keys.map(apiKeyView),
      payment_accounts: accounts.map((a) => paymentAccountView(a)),
      // Payment links arrive with their own issue; the field is here so clients can rely on it.
      links: [],
    };
  }
}
