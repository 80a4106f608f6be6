import { ApiProperty } from '@nestjs/swagger';
import { TOP_UP_WALLETS } from '@lipa/contracts';
import { SuccessResponse } from '../http/openapi';
import { DigitsToNumber, IsKenyanMsisdn, IsWholeKes, MAX_STK_AMOUNT_KES, MIN_STK_AMOUNT_KES } from '../http/validators';

/** `POST /v1/wallets/{wallet}/top-up`: phone and amount validated as for `POST /v1/stk-push` (src/stk/stk.dto.ts). */
export class WalletTopUpDto {
  @ApiProperty({ description: 'The phone that pays: 07…, 01…, 7…, +254… or 254….', example: '0712345678' })
  @IsKenyanMsisdn()
  phone: string;
  @ApiProperty({
    type: 'integer',
    minimum: MIN_STK_AMOUNT_KES,
    maximum: MAX_STK_AMOUNT_KES,
    description: 'Whole KES. A string of digits ("100") is accepted too.',
    example: 1000,
  })
  @DigitsToNumber()
  @IsWholeKes(MIN_STK_AMOUNT_KES, MAX_STK_AMOUNT_KES)
  amount: number;
}

/** What `POST /v1/wallets/{wallet}/top-up` answers (the controller builds the body). */
export class WalletTopUpResponse extends SuccessResponse {
  @ApiProperty({ example: 'txn_4fQ0m2Xk9bT7cV1pZ8aR3sLd' }) transaction_id: string;
  @ApiProperty({ description: "Daraja's CheckoutRequestID; query the outcome with `POST /v1/stk-push/status`.", example: 'ws_CO_191220191020363925' })
  checkout_request_id: string;
  @ApiProperty({ description: "Daraja's MerchantRequestID.", example: '29115-34620561-1' }) merchant_request_id: string;
  @ApiProperty({ enum: ['pending'], description: 'Always `pending` here: the wallet is credited once the payment completes.', example: 'pending' })
  status: string;
  @ApiProperty({ example: 'Success. Request accepted for processing' }) customer_message: string;
  @ApiProperty({ enum: TOP_UP_WALLETS, example: 'service_wallet' }) wallet: string;
}
