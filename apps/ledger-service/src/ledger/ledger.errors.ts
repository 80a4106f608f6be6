import { LipaError } from '@lipa/platform';

/** A debit would take an account that may not go negative below zero; nothing was posted. */
export class InsufficientFundsError extends LipaError {
  readonly code = 'insufficient_funds';
  readonly status = 422;
}

/** The transfer is malformed (amount ≤ 0, debit = credit, unknown account code…); a caller's bug. */
export class InvalidTransferError extends LipaError {
  readonly code = 'invalid_transfer';
  readonly status = 400;
}

/** The id was already used for a different movement of money; idempotency keys are not reusable. */
export class TransferConflictError extends LipaError {
  readonly code = 'transfer_exists_with_different_fields';
  readonly status = 409;
}
