import type { StkPushAccountV1 } from '@lipa/contracts';
import type { StkTransactionType } from '@lipa/daraja';
import { RequestValidationError } from '@lipa/platform';

/** Where a push collects and which Daraja app sends it; stored on the row so reconciliation queries the same way. */
export interface StkRoute {
  /** The merchant's payment account (`#00001`); null for the platform's shortcode. */
  paymentId: string | null;
  businessShortCode: string;
  partyB: string;
  transactionType: StkTransactionType;
  /** The merchant's own Daraja app, sealed by api-gateway and kept sealed; null for the platform's app. */
  darajaAppSealed: string | null;
}

/**
 * Paybill: CustomerPayBillOnline with the paybill as BusinessShortCode and PartyB. Till: CustomerBuyGoodsOnline
 * with the store number as BusinessShortCode and the till as PartyB. No account: the platform's paybill for
 * the mode. An account whose fields contradict its kind is refused before anything is written or sent.
 */
export function stkRoute(account: StkPushAccountV1 | undefined, platformShortcode: string): StkRoute {
  if (!account) {
    return {
      paymentId: null,
      businessShortCode: platformShortcode,
      partyB: platformShortcode,
      transactionType: 'CustomerPayBillOnline',
      darajaAppSealed: null,
    };
  }
  const { kind, business_short_code: businessShortCode, party_b: partyB, transaction_type: transactionType } = account;
  switch (kind) {
    case 'paybill':
      if (transactionType !== 'CustomerPayBillOnline') throw new RequestValidationError('account: a paybill collects with CustomerPayBillOnline');
      if (partyB !== businessShortCode) throw new RequestValidationError('account: a paybill is both BusinessShortCode and PartyB');
      break;
    case 'till':
      if (transactionType !== 'CustomerBuyGoodsOnline') throw new RequestValidationError('account: a till collects with CustomerBuyGoodsOnline');
      break;
  }
  return { paymentId: account.payment_id, businessShortCode, partyB, transactionType, darajaAppSealed: account.daraja_app_sealed ?? null };
}

/** A merchant's own Daraja app as api-gateway seals it (libs/contracts StkPushAccountV1.daraja_app_sealed). */
export interface MerchantDarajaApp {
  /** Both null: the account only brings its shortcode's passkey, and pushes go through the platform's app. */
  consumerKey: string | null;
  consumerSecret: string | null;
  /** Absent: the platform's passkey for the mode builds the STK password. */
  passkey: string | null;
}

/** Reads the opened JSON; throws a plain Error naming the problem (never the values). */
export function parseDarajaApp(plaintext: string): MerchantDarajaApp {
  let parsed: unknown;
  try {
    parsed = JSON.parse(plaintext);
  } catch {
    throw new Error('the Daraja app is not JSON');
  }
  const app = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const text = (field: string) => (typeof app[field] === 'string' && (app[field] as string).length > 0 ? (app[field] as string) : null);
  const consumerKey = text('consumer_key');
  const consumerSecret = text('consumer_secret');
  if (!consumerKey !== !consumerSecret) throw new Error('the Daraja app has a consumer_key without a consumer_secret, or the reverse');
  if (app['passkey'] !== undefined && app['passkey'] !== null && typeof app['passkey'] !== 'string')
    throw new Error('the Daraja app has a passkey that is not a string');
  const passkey = text('passkey');
  if (!consumerKey && !passkey) throw new Error('the Daraja app has neither consumer credentials nor a passkey');
  return { consumerKey, consumerSecret, passkey };
}
