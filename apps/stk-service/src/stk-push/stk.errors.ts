import { LipaError } from '@lipa/platform';

export class LiveModeNotConfigured extends LipaError {
  readonly code = 'live_mode_not_configured';
  readonly status = 422;
}

/** Daraja refused the push (bad field, wrong credentials, payer busy): nothing was sent to the phone. */
export class MpesaRequestRejected extends LipaError {
  readonly code = 'mpesa_request_rejected';
  readonly status = 422;
}

/** Daraja could not be reached or is throttling; nothing was sent. The merchant may retry. */
export class MpesaUnavailable extends LipaError {
  readonly code = 'mpesa_unavailable';
  readonly status = 503;
}

export class TransactionNotFound extends LipaError {
  readonly code = 'transaction_not_found';
  readonly status = 404;
}

/** STK amounts are whole shillings (Daraja rejects or truncates decimals). */
export class InvalidStkAmount extends LipaError {
  readonly code = 'invalid_amount';
  readonly status = 400;
}

/**
 * M-Pesa refused the consumer key and secret of the merchant's own Daraja app: the merchant's to fix, so a
 * 4xx, also while the app's breaker is open and nothing is sent.
 */
export class DarajaAppCredentialsRejected extends LipaError {
  readonly code = 'daraja_credentials_rejected';
  readonly status = 422;
}

/** The sealed Daraja app did not open (another key ring than api-gateway's, or tampered): a deployment fault. */
export class DarajaAppUnreadable extends LipaError {
  readonly code = 'daraja_app_unreadable';
  readonly status = 500;
}

/** The merchant's service wallet cannot cover the push's fee (ledger.fee.hold refused it); nothing was sent. */
export class InsufficientServiceBalance extends LipaError {
  readonly code = 'insufficient_service_balance';
  readonly status = 422;
}

/** The fee could not be held (ledger-service did not answer in time); nothing was sent. The merchant may retry. */
export class FeeHoldUnavailable extends LipaError {
  readonly code = 'service_unavailable';
  readonly status = 503;
}
