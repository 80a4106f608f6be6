import type { StkPushAccountV1 } from '@lipa/contracts';
import { RequestValidationError } from '@lipa/platform';
import { parseDarajaApp, stkRoute } from './stk-route';

const paybill: StkPushAccountV1 = {
  payment_id: '#00001',
  kind: 'paybill',
  business_short_code: '600100',
  party_b: '600100',
  transaction_type: 'CustomerPayBillOnline',
};
const till: StkPushAccountV1 = {
  payment_id: '#00002',
  kind: 'till',
  business_short_code: '600300',
  party_b: '600301',
  transaction_type: 'CustomerBuyGoodsOnline',
  daraja_app_sealed: 'v2:k:iv:tag:ct',
};

describe('stkRoute', () => {
  it.each<[string, StkPushAccountV1 | undefined, object]>([
    [
      'no account: the platform paybill',
      undefined,
      { paymentId: null, businessShortCode: '174379', partyB: '174379', transactionType: 'CustomerPayBillOnline', darajaAppSealed: null },
    ],
    [
      'a paybill: BusinessShortCode and PartyB both the paybill',
      paybill,
      { paymentId: '#00001', businessShortCode: '600100', partyB: '600100', transactionType: 'CustomerPayBillOnline', darajaAppSealed: null },
    ],
    [
      'a till: the store number and the till, with its sealed app kept sealed',
      till,
      { paymentId: '#00002', businessShortCode: '600300', partyB: '600301', transactionType: 'CustomerBuyGoodsOnline', darajaAppSealed: 'v2:k:iv:tag:ct' },
    ],
  ])('routes %s', (_case, account, expected) => {
    expect(stkRoute(account, '174379')).toEqual(expected);
  });

  it.each<[string, StkPushAccountV1]>([
    ['a paybill with the till type', { ...paybill, transaction_type: 'CustomerBuyGoodsOnline' }],
    ['a paybill whose PartyB is another number', { ...paybill, party_b: '600101' }],
    ['a till with the paybill type', { ...till, transaction_type: 'CustomerPayBillOnline' }],
  ])('refuses %s', (_case, account) => {
    expect(() => stkRoute(account, '174379')).toThrow(RequestValidationError);
  });
});

describe('parseDarajaApp', () => {
  it.each<[string, object, object]>([
    ['with a passkey', { consumer_key: 'k', consumer_secret: 's', passkey: 'p' }, { consumerKey: 'k', consumerSecret: 's', passkey: 'p' }],
    ['without one', { consumer_key: 'k', consumer_secret: 's', initiator_name: 'api' }, { consumerKey: 'k', consumerSecret: 's', passkey: null }],
    ['with an empty one', { consumer_key: 'k', consumer_secret: 's', passkey: '' }, { consumerKey: 'k', consumerSecret: 's', passkey: null }],
    ['with only a passkey (the platform app pushes)', { passkey: 'p' }, { consumerKey: null, consumerSecret: null, passkey: 'p' }],
  ])('reads an app %s', (_case, app, expected) => {
    expect(parseDarajaApp(JSON.stringify(app))).toEqual(expected);
  });

  it.each<[string, string]>([
    ['not JSON', '{consumer_key'],
    ['without a consumer secret', JSON.stringify({ consumer_key: 'k' })],
    ['with an empty consumer key', JSON.stringify({ consumer_key: '', consumer_secret: 's' })],
    ['with nothing usable', JSON.stringify({ initiator_name: 'api' })],
    ['with a passkey that is not a string', JSON.stringify({ consumer_key: 'k', consumer_secret: 's', passkey: 42 })],
  ])('refuses an app %s, without echoing it', (_case, plaintext) => {
    expect(() => parseDarajaApp(plaintext)).toThrow(/^the Daraja app /);
    try {
      parseDarajaApp(plaintext);
    } catch (error) {
      expect((error as Error).message).not.toContain('"s"');
    }
  });
});
