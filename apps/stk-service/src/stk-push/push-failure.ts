import { DarajaCredentialsRejectedError, DarajaOutcomeUnknownError, DarajaRejectedError, DarajaUnavailableError } from '@lipa/daraja';
import type { LipaError } from '@lipa/platform';
import { DarajaAppCredentialsRejected, FeeHoldUnavailable, InsufficientServiceBalance, MpesaRequestRejected, MpesaUnavailable } from './stk.errors';

// The result_desc of a push that never reached M-Pesa says how it failed, so a replay fails the same way.
const UNAVAILABLE_DESC = 'M-Pesa is unavailable';
const CREDENTIALS_DESC = "M-Pesa refused the payment account's Daraja app credentials";
/** Recorded on a push refused before Daraja because its fee could not be held (the public message of the ledger's refusal). */
export const INSUFFICIENT_SERVICE_BALANCE_DESC = 'Insufficient service balance: top up your service wallet to cover transaction fees';
export const FEE_HOLD_UNAVAILABLE_DESC = 'The transaction fee could not be held; nothing was sent';
const UNKNOWN_DESC = 'No answer from M-Pesa; the payment will be settled by its callback or by query';

/** How a push without Daraja's acceptance is recorded, and what the merchant is told. */
export interface PushFailure {
  status: 'unknown' | 'failed';
  resultCode: string;
  resultDesc: string;
  /** null: the push may have reached the phone, so the answer is "pending". */
  error: LipaError | null;
  event: string;
  /** The platform's own credentials refused is an operator's emergency, not a merchant's problem. */
  level: 'warn' | 'error';
}

/**
 * A push that may have happened is never failed (docs/design.md §3): it stays unknown for the callback or the
 * query. Refused credentials of the merchant's own app are the merchant's to fix (422); of the platform's
 * app, to the merchant simply M-Pesa being unavailable (503). Anything not from Daraja is a bug: null.
 */
export function classifyPushFailure(error: unknown, ownApp: boolean, transactionId: string): PushFailure | null {
  const details = { transaction_id: transactionId };
  if (error instanceof DarajaOutcomeUnknownError || (error instanceof DarajaUnavailableError && !error.definitelyNotApplied)) {
    return { status: 'unknown', resultCode: 'unknown', resultDesc: UNKNOWN_DESC, error: null, event: 'stk.push.outcome_unknown', level: 'warn' };
  }
  if (error instanceof DarajaCredentialsRejectedError && ownApp) {
    return {
      status: 'failed',
      resultCode: error.errorCode,
      resultDesc: CREDENTIALS_DESC,
      error: new DarajaAppCredentialsRejected(`${CREDENTIALS_DESC}; check its consumer key and secret`, details),
      event: 'stk.push.credentials_rejected',
      level: 'warn',
    };
  }
  if (error instanceof DarajaCredentialsRejectedError) {
    return {
      status: 'failed',
      resultCode: error.errorCode,
      resultDesc: UNAVAILABLE_DESC,
      error: new MpesaUnavailable('M-Pesa is unavailable right now; please retry shortly', details),
      event: 'stk.push.platform_credentials_rejected',
      level: 'error',
    };
  }
  if (error instanceof DarajaRejectedError) {
    return {
      status: 'failed',
      resultCode: error.errorCode,
      resultDesc: error.errorMessage,
      error: new MpesaRequestRejected(`M-Pesa rejected the request: ${error.errorMessage}`, { ...details, mpesa_error_code: error.errorCode }),
      event: 'stk.push.rejected',
      level: 'warn',
    };
  }
  if (error instanceof DarajaUnavailableError) {
    return {
      status: 'failed',
      resultCode: error.errorCode ?? error.reason,
      resultDesc: UNAVAILABLE_DESC,
      error: new MpesaUnavailable('M-Pesa is unavailable right now; please retry shortly', details),
      event: 'stk.push.unavailable',
      level: 'warn',
    };
  }
  return null;
}

/** The error a replayed push that never reached M-Pesa answers with again (retrying needs a new key). */
export function replayedFailure(resultDesc: string | null, transactionId: string): LipaError {
  const details = { transaction_id: transactionId, idempotent_replay: true };
  if (resultDesc === INSUFFICIENT_SERVICE_BALANCE_DESC) return new InsufficientServiceBalance(INSUFFICIENT_SERVICE_BALANCE_DESC, details);
  if (resultDesc === FEE_HOLD_UNAVAILABLE_DESC) return new FeeHoldUnavailable(`${FEE_HOLD_UNAVAILABLE_DESC}; retry with a new Idempotency-Key`, details);
  if (resultDesc === UNAVAILABLE_DESC) return new MpesaUnavailable('M-Pesa was unavailable for this request; retry with a new Idempotency-Key', details);
  if (resultDesc === CREDENTIALS_DESC) return new DarajaAppCredentialsRejected(`${CREDENTIALS_DESC}; check its consumer key and secret`, details);
  return new MpesaRequestRejected(`M-Pesa rejected the request: ${resultDesc ?? 'unknown reason'}`, details);
}
