import { ServiceConfig } from '@lipa/platform';

/** Payout-specific settings (B2C initiator, security credential, result URLs) arrive with the payouts issue. */
export class B2cPayoutServiceConfig extends ServiceConfig {
  override PORT = 3003;
}
