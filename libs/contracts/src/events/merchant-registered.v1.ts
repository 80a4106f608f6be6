import { IsEmail, IsString } from 'class-validator';

/** api-gateway → ledger-service (opens the merchant's wallets). */
export class MerchantRegisteredV1 {
  static readonly type = 'merchant.registered';
  @IsString() merchant_id: string;
  @IsString() name: string;
  @IsEmail() email: string;
}
