import { LipaError } from '@lipa/platform';

/** A debit or hold would take an account flagged debits_must_not_exceed_credits below zero available; nothing was posted. */
export class InsufficientFundsError extends LipaError {
  readonly code = 'insufficient_funds';
  readonly status = 422;
}

/** A credit would take an account flagged credits_must_not_exceed_debits (the B2C float) above zero. */
export class CreditsExceedDebitsError extends LipaError {
  readonly code = 'credits_exceed_debits';
  readonly status = 422;
}

/** The transfer is malformed (amount ≤ 0, debit = credit, unknown account code…); a caller's bug. */
export class InvalidTransferError extends LipaError {
  readonly code = 'invalid_transfer';
  readonly status = 400;
}

/** The id was already used for different content; idempotency keys are not reusable. */
export class TransferConflictError extends LipaError {
  readonly code = 'transfer_exists_with_different_content';
  readonly status = 409;
}

/** Test money never meets live money. */
export class TransferMixesModesError extends LipaError {
  readonly code = 'transfer_mixes_modes';
  readonly status = 422;
}

/** A memo account (money the platform does not hold) only moves with another memo account. */
export class MemoTransferMixesAccountsError extends LipaError {
  readonly code = 'memo_transfer_mixes_accounts';
  readonly status = 422;
}

export class HoldNotFoundError extends LipaError {
  readonly code = 'hold_not_found';
  readonly status = 404;
}

/** The hold was already posted (with another amount, or a void was asked); it ends once. */
export class HoldAlreadyPostedError extends LipaError {
  readonly code = 'hold_already_posted';
  readonly status = 409;
}

export class HoldAlreadyVoidedError extends LipaError {
  readonly code = 'hold_already_voided';
  readonly status = 409;
}

/** The hold's timeout passed: it reserves nothing any more and cannot be posted. */
export class HoldExpiredError extends LipaError {
  readonly code = 'hold_expired';
  readonly status = 409;
}

/** A hold is posted for at most its amount. */
export class HoldPostExceedsAmountError extends LipaError {
  readonly code = 'hold_post_exceeds_amount';
  readonly status = 422;
}
