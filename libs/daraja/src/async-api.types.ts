// Request and synchronous-response shapes of the async Daraja APIs, as docs/daraja.md §5–§11 give them.
// Numeric request fields accept `number | string` (NumericField), like the STK types.
import { NumericField } from './daraja.types';

/** The standard synchronous accept (§1.3); ResponseCode is a string ("0"). */
export interface DarajaAcceptResponse {
  OriginatorConversationID: string;
  ConversationID: string;
  ResponseCode: string;
  ResponseDescription: string;
}

export type B2cCommandId = 'BusinessPayment' | 'SalaryPayment' | 'PromotionPayment';

/** §6: v1 has no OriginatorConversationID; v3 requires it. Both spellings of Occasion are accepted by Daraja. */
export interface B2cRequestV1 {
  InitiatorName: string;
  SecurityCredential: string;
  CommandID: B2cCommandId;
  Amount: NumericField;
  PartyA: NumericField;
  PartyB: NumericField;
  Remarks: string;
  QueueTimeOutURL: string;
  ResultURL: string;
  Occasion?: string;
  Occassion?: string;
}
export interface B2cRequestV3 extends B2cRequestV1 {
  OriginatorConversationID: string;
}

export interface AccountBalanceRequest {
  Initiator: string;
  SecurityCredential: string;
  CommandID: 'AccountBalance';
  PartyA: NumericField;
  IdentifierType: '4';
  Remarks: string;
  QueueTimeOutURL: string;
  ResultURL: string;
}

export interface TransactionStatusRequest {
  Initiator: string;
  SecurityCredential: string;
  CommandID: 'TransactionStatusQuery';
  TransactionID?: string;
  OriginalConversationID?: string;
  PartyA: NumericField;
  IdentifierType: '1' | '2' | '4';
  ResultURL: string;
  QueueTimeOutURL: string;
  Remarks: string;
  Occasion?: string;
}

export interface ReversalRequest {
  Initiator: string;
  SecurityCredential: string;
  CommandID: 'TransactionReversal';
  TransactionID: string;
  Amount: NumericField;
  ReceiverParty: NumericField;
  RecieverIdentifierType: '11' | '4';
  ResultURL: string;
  QueueTimeOutURL: string;
  Remarks: string;
  Occasion?: string;
}

export interface B2bRequest {
  Initiator: string;
  SecurityCredential: string;
  CommandID: 'BusinessPayBill' | 'BusinessBuyGoods' | 'BusinessPayToBulk';
  SenderIdentifierType: '4';
  RecieverIdentifierType: '4';
  Amount: NumericField;
  PartyA: NumericField;
  PartyB: NumericField;
  /** Up to 13 characters; required for BusinessPayBill. */
  AccountReference?: string;
  Requester?: string;
  Remarks: string;
  QueueTimeOutURL: string;
  ResultURL: string;
  Occassion?: string;
}

/** §5.1; note Daraja's misspelt OriginatorCoversationID. */
export interface C2bRegisterUrlRequest {
  ShortCode: NumericField;
  ResponseType: 'Completed' | 'Cancelled';
  ConfirmationURL: string;
  ValidationURL: string;
}
export interface C2bRegisterUrlResponse {
  OriginatorCoversationID: string;
  ResponseCode: string;
  ResponseDescription: string;
}

/** §5.2 (sandbox only): `Msisdn`, not `MSISDN`; no BillRefNumber for BuyGoods. */
export interface C2bSimulateRequest {
  ShortCode: NumericField;
  CommandID: 'CustomerPayBillOnline' | 'CustomerBuyGoodsOnline';
  Amount: NumericField;
  Msisdn: NumericField;
  BillRefNumber?: string | null;
}
export type C2bSimulateResponse = C2bRegisterUrlResponse;

/** §5.4: validation and confirmation bodies have the same shape; amounts and times are strings. */
export interface C2bNotification {
  TransactionType: string;
  TransID: string;
  TransTime: string;
  TransAmount: string;
  BusinessShortCode: string;
  BillRefNumber: string;
  InvoiceNumber: string | null;
  OrgAccountBalance: string;
  ThirdPartyTransID: string | null;
  MSISDN: string;
  FirstName: string;
  MiddleName: string;
  LastName: string;
}

/** §5.5: accept "0", reject with a C2B0001x code. */
export interface C2bValidationAnswer {
  ResultCode: '0' | 'C2B00011' | 'C2B00012' | 'C2B00013' | 'C2B00014' | 'C2B00015' | 'C2B00016';
  ResultDesc: string;
  ThirdPartyTransID?: string;
}

/** §11. */
export interface DynamicQrRequest {
  MerchantName: string;
  RefNo: string;
  Amount: number;
  TrxCode: 'BG' | 'WA' | 'PB' | 'SM' | 'SB';
  CPI: string;
  Size: string;
}
export interface DynamicQrResponse {
  ResponseCode: string;
  ResponseDescription: string;
  QRCode: string;
  RequestID?: string;
}
