export type {
  NumericField,
  OAuthTokenResponse,
  DarajaErrorEnvelope,
  StkTransactionType,
  StkPushRequest,
  StkPushResponse,
  StkQueryRequest,
  StkQueryResponse,
  StkCallbackItem,
  StkCallbackBody,
  ParsedStkCallback,
} from './daraja.types';
export { darajaTimestamp, stkPassword } from './stk-password';
export { stkStatusFromResultCode } from './stk-status';
export type { StkStatus } from './stk-status';
export { parseStkCallback } from './stk-callback.parser';
export {
  DarajaError,
  DarajaRejectedError,
  DarajaCredentialsRejectedError,
  DarajaUnavailableError,
  DarajaOutcomeUnknownError,
  InvalidStkCallbackError,
} from './daraja.errors';
export { DarajaClient } from './daraja.client';
export type { DarajaClientOptions, DarajaBreakerOptions, DarajaCallOptions } from './daraja.client';
export type { DarajaLogger } from './daraja-logger';
export { TOKEN_REFRESH_MARGIN_SECONDS } from './daraja-token.cache';
export { securityCredential } from './security-credential';
export { InvalidDarajaResultError } from './daraja-result.errors';
export { parseResultEnvelope, parseBalanceString, parseAccountBalanceResult, parseB2cResult } from './daraja-result.parser';
export type { DarajaResultEnvelope, AccountBalanceLine, ParsedAccountBalanceResult, ParsedB2cResult } from './daraja-result.parser';
export type {
  DarajaAcceptResponse,
  B2cCommandId,
  B2cRequestV1,
  B2cRequestV3,
  AccountBalanceRequest,
  TransactionStatusRequest,
  ReversalRequest,
  B2bRequest,
  C2bRegisterUrlRequest,
  C2bRegisterUrlResponse,
  C2bSimulateRequest,
  C2bSimulateResponse,
  C2bNotification,
  C2bValidationAnswer,
  DynamicQrRequest,
  DynamicQrResponse,
} from './async-api.types';
