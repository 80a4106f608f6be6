import type { ApiMode, StkPushAccountV1 } from '@lipa/contracts';

export type PaymentAccountType = 'paybill' | 'till';

export interface PaymentAccountRow {
  id: string;
  merchant_id: string;
  payment_id: string;
  mode: ApiMode;
  type: PaymentAccountType;
  number: string;
  store_number: string | null;
  account_reference: string | null;
  label: string | null;
  is_primary: boolean;
  daraja_app_sealed: string | null;
  daraja_consumer_key_last4: string | null;
  created_at: Date;
  updated_at: Date;
}

/** A merchant's own Daraja app, as sealed at rest (SecretBox, aad = merchant id) and opened only below the gateway. */
export interface DarajaApp {
  /** With consumer_secret, or neither: then the platform's app pushes with this account's passkey. */
  consumer_key?: string;
  consumer_secret?: string;
  passkey?: string;
  initiator_name?: string;
  initiator_password?: string;
  security_credential?: string;
}

/** `#00001`, `#00002`, … per merchant, as the Merchant Portal numbers them. */
export function formatPaymentId(seq: number): string {
  return `#${String(seq).padStart(5, '0')}`;
}

/**
 * How an STK push reaches the account (Daraja's rules, libs/daraja): a paybill is BusinessShortCode and
 * PartyB with CustomerPayBillOnline; a till pushes CustomerBuyGoodsOnline with the store number as
 * BusinessShortCode and the till as PartyB (a till without a separate store is its own store).
 */
export function stkRouting(a: PaymentAccountRow): StkPushAccountV1 {
  const routing: StkPushAccountV1 =
    a.type === 'paybill'
      ? { payment_id: a.payment_id, kind: 'paybill', business_short_code: a.number, party_b: a.number, transaction_type: 'CustomerPayBillOnline' }
      : {
          payment_id: a.payment_id,
          kind: 'till',
          business_short_code: a.store_number ?? a.number,
          party_b: a.number,
          transaction_type: 'CustomerBuyGoodsOnline',
        };
  if (a.daraja_app_sealed) routing.daraja_app_sealed = a.daraja_app_sealed;
  return routing;
}

/** What the merchant sees: never a secret, only whether each part of the app is set. */
export function paymentAccountView(a: PaymentAccountRow) {
  return {
    payment_id: a.payment_id,
    type: a.type,
    number: a.number,
    store_number: a.store_number,
    account_reference: a.account_reference,
    label: a.label,
    mode: a.mode,
    is_primary: a.is_primary,
    daraja_app: a.daraja_app_sealed
      ? { configured: true, consumer_key: a.daraja_consumer_key_last4 ? `****${a.daraja_consumer_key_last4}` : null }
      : { configured: false, consumer_key: null },
    created_at: a.created_at.toISOString(),
    updated_at: a.updated_at.toISOString(),
  };
}
