// Daraja wire contracts (docs/daraja.md §1–4). Field names and their typos are Safaricom's; numeric fields are
// `number | string` because real clients and Safaricom's own samples send either.

export type NumericField = number | string;

/** GET /oauth/v1/generate?grant_type=client_credentials. `expires_in` is a STRING in real responses. */
export interface OAuthTokenResponse {
  access_token: string;
  expires_in: string | number;
}

/** The Apigee error envelope: camelCase, unlike every other Daraja body. */
export interface DarajaErrorEnvelope {
  requestId: string;
  errorCode: string;
  errorMessage: string;
}

export type StkTransactionType = 'CustomerPayBillOnline' | 'CustomerBuyGoodsOnline';

/** POST /mpesa/stkpush/v1/processrequest */
export interface StkPushRequest {
  BusinessShortCode: NumericField;
  Password: string;
  Timestamp: string;
  TransactionType: StkTransactionType;
  Amount: NumericField;
  PartyA: NumericField;
  PartyB: NumericField;
  PhoneNumber: NumericField;
  CallBackURL: string;
  AccountReference: string;
  TransactionDesc?: string;
}

export interface StkPushResponse {
  MerchantRequestID: string;
  CheckoutRequestID: string;
  ResponseCode: string;
  ResponseDescription: string;
  CustomerMessage: string;
}

/** POST /mpesa/stkpushquery/v1/query */
export interface StkQueryRequest {
  BusinessShortCode: NumericField;
  Password: string;
  Timestamp: string;
  CheckoutRequestID: string;
}

/** ResultCode is a string here, while the callback carries a number (docs/daraja.md §4). */
export interface StkQueryResponse {
  ResponseCode: string;
  ResponseDescription: string;
  MerchantRequestID: string;
  CheckoutRequestID: string;
  ResultCode: string;
  ResultDesc: string;
}

/** One metadata item; the legacy `{ "Name": "Balance" }` item has no Value at all. */
export interface StkCallbackItem {
  Name: string;
  Value?: number | string | null;
}

export interface StkCallbackBody {
  Body: {
    stkCallback: {
      MerchantRequestID: string;
      CheckoutRequestID: string;
      ResultCode: number | string;
      ResultDesc: string;
      CallbackMetadata?: { Item: StkCallbackItem[] };
    };
  };
}

/** What the gateway needs out of a callback, with types settled. */
export interface ParsedStkCallback {
  merchantRequestId: string;
  checkoutRequestId: string;
  resultCode: string;
  resultDesc: string;
  amount?: number;
  mpesaReceiptNumber?: string;
  transactionDate?: string;
  phoneNumber?: string;
}
