import { InvalidStkCallbackError } from './daraja.errors';
import { parseStkCallback } from './stk-callback.parser';

const success = {
  Body: {
    stkCallback: {
      MerchantRequestID: '29115-34620561-1',
      CheckoutRequestID: 'ws_CO_191220191020363925',
      ResultCode: 0,
      ResultDesc: 'The service request is processed successfully.',
      CallbackMetadata: {
        Item: [
          { Name: 'Amount', Value: 1.0 },
          { Name: 'MpesaReceiptNumber', Value: 'NLJ7RT61SV' },
          { Name: 'Balance' },
          { Name: 'TransactionDate', Value: 20191219102115 },
          { Name: 'PhoneNumber', Value: 254708374149 },
        ],
      },
    },
  },
};

describe('parseStkCallback', () => {
  it('reads a successful callback with numeric metadata and a Balance item without Value', () => {
    expect(parseStkCallback(success)).toEqual({
      merchantRequestId: '29115-34620561-1',
      checkoutRequestId: 'ws_CO_191220191020363925',
      resultCode: '0',
      resultDesc: 'The service request is processed successfully.',
      amount: 1,
      mpesaReceiptNumber: 'NLJ7RT61SV',
      transactionDate: '20191219102115',
      phoneNumber: '254708374149',
    });
  });

  it('reads items by name whatever their order and accepts string values', () => {
    const shuffled = structuredClone(success);
    shuffled.Body.stkCallback.CallbackMetadata.Item = [
      { Name: 'PhoneNumber', Value: '254712345678' },
      { Name: 'TransactionDate', Value: '20261002101112' },
      { Name: 'Amount', Value: '150' },
      { Name: 'MpesaReceiptNumber', Value: 'UJ22T8IYOU' },
    ] as never;
    expect(parseStkCallback(shuffled)).toMatchObject({
      amount: 150,
      mpesaReceiptNumber: 'UJ22T8IYOU',
      transactionDate: '20261002101112',
      phoneNumber: '254712345678',
    });
  });

  it('reads a failure callback without metadata and keeps a string ResultCode', () => {
    const parsed = parseStkCallback({
      Body: { stkCallback: { MerchantRequestID: 'm', CheckoutRequestID: 'c', ResultCode: 'SFC_IC0003', ResultDesc: 'The operator does not exist.' } },
    });
    expect(parsed).toEqual({ merchantRequestId: 'm', checkoutRequestId: 'c', resultCode: 'SFC_IC0003', resultDesc: 'The operator does not exist.' });
  });

  it('turns a numeric failure code into a string', () => {
    const parsed = parseStkCallback({
      Body: { stkCallback: { MerchantRequestID: 'm', CheckoutRequestID: 'c', ResultCode: 1032, ResultDesc: 'Request cancelled by user' } },
    });
    expect(parsed.resultCode).toBe('1032');
    expect(parsed.amount).toBeUndefined();
  });

  it.each([
    ['null', null],
    ['a string', 'hello'],
    ['no Body', { stkCallback: {} }],
    ['a B2C Result', { Result: { ResultCode: 0 } }],
    ['no ResultCode', { Body: { stkCallback: { MerchantRequestID: 'm', CheckoutRequestID: 'c' } } }],
    ['no CheckoutRequestID', { Body: { stkCallback: { MerchantRequestID: 'm', ResultCode: 0 } } }],
  ])('throws InvalidStkCallbackError on %s', (_case, body) => {
    expect(() => parseStkCallback(body)).toThrow(InvalidStkCallbackError);
  });
});
