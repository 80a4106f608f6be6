import { LipaError } from '@lipa/platform';

/** A fee schedule that parseFeeSchedule (@lipa/money) refuses; `details.problems` lists every problem. */
export class InvalidFeeScheduleError extends LipaError {
  readonly code = 'invalid_fee_schedule';
  readonly status = 400;
}

/** The merchant's service wallet (of the transaction's mode) cannot cover the transaction's fee; nothing was held. */
export class InsufficientServiceBalanceError extends LipaError {
  readonly code = 'insufficient_service_balance';
  readonly status = 422;
  constructor(details?: Record<string, unknown>) {
    super('Insufficient service balance: top up your service wallet to cover transaction fees', details);
  }
}

/** The amount cannot be priced (above the last tier of the schedule). */
export class UnpriceableAmountError extends LipaError {
  readonly code = 'validation_error';
  readonly status = 400;
}
