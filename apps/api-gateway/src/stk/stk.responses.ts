import { ApiProperty } from '@nestjs/swagger';
import { SuccessResponse } from '../http/openapi';

const PAYMENT_STATUSES = ['pending', 'completed', 'failed', 'cancelled', 'timeout'];

/** `POST /v1/stk-push`, for the API reference (the controller builds the body). */
export class StkPushResponse extends SuccessResponse {
  @ApiProperty({ example: 'txn_4fQ0m2Xk9bT7cV1pZ8aR3sLd' }) transaction_id: string;
  @ApiProperty({ description: "Daraja's CheckoutRequestID; query the outcome with it.", example: 'ws_CO_191220191020363925' }) checkout_request_id: string;
  @ApiProperty({ description: "Daraja's MerchantRequestID.", example: '29115-34620561-1' }) merchant_request_id: string;
  @ApiProperty({ enum: PAYMENT_STATUSES, description: 'Always `pending` here: the customer has not answered yet.', example: 'pending' }) status: string;
  @ApiProperty({ example: 'Success. Request accepted for processing' }) customer_message: string;
  @ApiProperty({ type: String, nullable: true, description: 'The payment account that collects; null for the platform shortcode.', example: '#00001' })
  payment_id: string | null;
}

/** A transaction as `POST /v1/stk-push/status` and `GET /v1/transactions/{id}` answer it. */
export class TransactionResponse extends SuccessResponse {
  @ApiProperty({ example: 'txn_4fQ0m2Xk9bT7cV1pZ8aR3sLd' }) transaction_id: string;
  @ApiProperty({ enum: ['stk_push', 'top_up'], description: '`top_up`: a push that tops up one of your wallets.', example: 'stk_push' }) type: string;
  @ApiProperty({ enum: ['test', 'live'], example: 'test' }) mode: string;
  @ApiProperty({
    enum: PAYMENT_STATUSES,
    description: "From M-Pesa's result code: 0 completed; 1032 cancelled; 1037 and 1019 timeout; the rest failed; no callback yet: pending.",
    example: 'completed',
  })
  status: string;
  @ApiProperty({ description: 'Whole KES.', example: 100 }) amount: number;
  @ApiProperty({ enum: ['KES'], example: 'KES' }) currency: string;
  @ApiProperty({ description: 'Normalised to 2547…/2541….', example: '254712345678' }) phone: string;
  @ApiProperty({ example: 'INV-001' }) reference: string;
  @ApiProperty({ type: String, nullable: true, example: 'Order 1' }) description: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'ws_CO_191220191020363925' }) checkout_request_id: string | null;
  @ApiProperty({ type: String, nullable: true, example: '29115-34620561-1' }) merchant_request_id: string | null;
  @ApiProperty({ type: String, nullable: true, description: "M-Pesa's ResultCode, passed through.", example: '0' }) result_code: string | null;
  @ApiProperty({ type: String, nullable: true, description: "M-Pesa's ResultDesc, passed through.", example: 'The service request is processed successfully.' })
  result_desc: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The M-Pesa receipt number.', example: 'NLJ7RT61SV' }) transaction_code: string | null;
  @ApiProperty({ description: 'Platform fee, in KES.', example: 0 }) fee_amount: number;
  @ApiProperty({ description: 'True once the payment completed and its fee was taken from the service wallet.', example: false }) fee_deducted: boolean;
  @ApiProperty({ type: String, nullable: true, example: '#00001' }) payment_id: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-11-24T09:30:00.000Z' }) created_at: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-11-24T09:30:21.000Z' }) completed_at: string | null;
}
