import { ApiProperty } from '@nestjs/swagger';
import { SuccessResponse } from '../http/openapi';

/** One wallet in KES: `total` posted, `held` reserved by open holds (fees of pending payments, payouts), `available` the rest. */
export class WalletBalanceView {
  @ApiProperty({ example: 1450.5 }) available: number;
  @ApiProperty({ example: 50 }) held: number;
  @ApiProperty({ example: 1500.5 }) total: number;
}

export class WalletsView {
  @ApiProperty({ type: WalletBalanceView, description: 'Prepaid wallet platform fees are taken from.' }) service_wallet: WalletBalanceView;
  @ApiProperty({ type: WalletBalanceView, description: 'Funds payouts and send money.' }) b2c_wallet: WalletBalanceView;
  @ApiProperty({ type: WalletBalanceView, description: "Money collected on the platform's shortcodes for you." }) collections: WalletBalanceView;
}

/** `GET /v1/balance`, for the API reference (the controller builds the body). */
export class BalanceResponse extends SuccessResponse {
  @ApiProperty({ enum: ['KES'], example: 'KES' }) currency: 'KES';
  @ApiProperty({
    enum: ['test', 'live'],
    description: "The credential's mode: every figure is of this mode (test money never meets live money).",
    example: 'test',
  })
  mode: 'test' | 'live';
  @ApiProperty({ description: 'The service wallet’s available balance, in KES.', example: 1450.5 }) service_wallet: number;
  @ApiProperty({ description: 'The B2C wallet’s available balance, in KES.', example: 20000 }) b2c_wallet: number;
  @ApiProperty({ description: 'Collections available, in KES.', example: 7250 }) collections: number;
  @ApiProperty({
    description: 'Reported only: what M-Pesa collected on your own paybills and tills (already yours; the platform never held it), in KES.',
    example: 12500,
  })
  own_shortcode_collections: number;
  @ApiProperty({ type: WalletsView, description: 'Each wallet’s available, held and total balance.' }) wallets: WalletsView;
}
