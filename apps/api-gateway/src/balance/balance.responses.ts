import { ApiProperty } from '@nestjs/swagger';
import { SuccessResponse } from '../http/openapi';

/** `GET /v1/balance`, for the API reference (the controller builds the body). */
export class BalanceResponse extends SuccessResponse {
  @ApiProperty({ enum: ['KES'], example: 'KES' }) currency: 'KES';
  @ApiProperty({ enum: ['test', 'live'], description: 'The mode of the credential; `collections` are of this mode.', example: 'test' }) mode: 'test' | 'live';
  @ApiProperty({ description: 'Prepaid wallet platform fees are taken from, in KES.', example: 1500.5 }) service_wallet: number;
  @ApiProperty({ description: 'Wallet that funds payouts, in KES.', example: 20000 }) b2c_wallet: number;
  @ApiProperty({ description: "Money collected on the platform's shortcodes for you, in KES.", example: 7250 }) collections: number;
}
