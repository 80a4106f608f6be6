import { InvalidDarajaResultError } from './daraja-result.errors';
import { parseAccountBalanceResult, parseB2cResult } from './daraja-result.parser';

const b2cSuccess = {
  Result: {
    ResultType: 0,
    ResultCode: 0,
    ResultDesc: 'The service request is processed successfully.',
    OriginatorConversationID: '600997_Test_32et3241ed8yu',
    ConversationID: 'AG_20240706_20106e9209f64bebd05b',
    TransactionID: 'SG632NMUAB',
    ResultParameters: {
      ResultParameter: [
        { Key: 'B2CWorkingAccountAvailableFunds', Value: 1199371.0 },
        { Key: 'TransactionAmount', Value: 10 },
        { Key: 'TransactionReceipt', Value: 'SG632NMUAB' },
        { Key: 'B2CRecipientIsRegisteredCustomer', Value: 'Y' },
        { Key: 'B2CChargesPaidAccountAvailableFunds', Value: -1980.0 },
        { Key: 'ReceiverPartyPublicName', Value: '254705912645 - NICHOLAS JOHN SONGOK' },
        { Key: 'TransactionCompletedDateTime', Value: '06.07.2024 22:48:52' },
        { Key: 'B2CUtilityAccountAvailableFunds', Value: 8959269.6 },
      ],
    },
    ReferenceData: { ReferenceItem: { Key: 'QueueTimeoutURL', Value: 'https://internalsandbox.safaricom.co.ke/mpesa/b2cresults/v1/submit' } },
  },
};

function b2cWith(result: Record<string, unknown>) {
  return { Result: { ...b2cSuccess.Result, ...result } };
}

describe('parseB2cResult', () => {
  it('reads a success result by Key (shuffled order) into minor units and an EAT time', () => {
    expect(parseB2cResult(b2cSuccess)).toEqual({
      originatorConversationId: '600997_Test_32et3241ed8yu',
      conversationId: 'AG_20240706_20106e9209f64bebd05b',
      transactionId: 'SG632NMUAB',
      resultType: 0,
      resultCode: '0',
      resultDesc: 'The service request is processed successfully.',
      amountMinor: 1000n,
      receipt: 'SG632NMUAB',
      receiverName: '254705912645 - NICHOLAS JOHN SONGOK',
      completedAt: new Date('2024-07-06T19:48:52.000Z'),
      utilityAvailableMinor: 895926960n,
      workingAvailableMinor: 119937100n,
      chargesPaidAvailableMinor: -198000n,
      recipientRegistered: true,
    });
  });

  it.each([
    ['no ResultParameters (failure)', { ResultCode: 2001, ResultDesc: 'The initiator information is invalid.', ResultParameters: undefined }],
    ['a single ResultParameter object', { ResultCode: '2001', ResultParameters: { ResultParameter: { Key: 'BOCompletedTime', Value: 20240706224852 } } }],
  ])('reads a failure with %s', (_name, result) => {
    const parsed = parseB2cResult(b2cWith(result));
    expect(parsed.resultCode).toBe('2001');
    expect(parsed.amountMinor).toBeUndefined();
    expect(parsed.receipt).toBeUndefined();
  });

  it('keeps alphanumeric result codes and string amounts', () => {
    const parsed = parseB2cResult(b2cWith({ ResultCode: 'SFC_IC0003', ResultParameters: { ResultParameter: { Key: 'TransactionAmount', Value: '10.50' } } }));
    expect(parsed).toMatchObject({ resultCode: 'SFC_IC0003', amountMinor: 1050n });
  });

  it.each([
    ['not an object', 'nope'],
    ['no Result', { Body: {} }],
    ['no ResultCode', b2cWith({ ResultCode: undefined })],
    ['no ConversationID', b2cWith({ ConversationID: '' })],
    ['an amount that is not KES', b2cWith({ ResultParameters: { ResultParameter: [{ Key: 'TransactionAmount', Value: 'ten' }] } })],
    ['a fractional cent', b2cWith({ ResultParameters: { ResultParameter: [{ Key: 'TransactionAmount', Value: 1.005 }] } })],
    ['a bad time', b2cWith({ ResultParameters: { ResultParameter: [{ Key: 'TransactionCompletedDateTime', Value: '31.02.2024 10:00:00' }] } })],
    ['a registered flag that is not Y/N', b2cWith({ ResultParameters: { ResultParameter: [{ Key: 'B2CRecipientIsRegisteredCustomer', Value: 1 }] } })],
  ])('throws InvalidDarajaResultError for %s', (_name, body) => {
    expect(() => parseB2cResult(body)).toThrow(InvalidDarajaResultError);
  });
});

const balanceResult = {
  Result: {
    ResultType: '0',
    ResultCode: '0',
    ResultDesc: 'The service request is processed successfully.',
    OriginatorConversationID: '16917-22577599-3',
    ConversationID: 'AG_20200206_00005e091a8ec6b9eac5',
    TransactionID: 'OA90000000',
    ResultParameters: {
      ResultParameter: [
        {
          Key: 'AccountBalance',
          Value:
            'Working Account|KES|700000.00|700000.00|0.00|0.00&Utility Account|KES|228037.00|228037.00|0.00|0.00&Charges Paid Account|KES|-1540.00|-1540.00|0.00|0.00',
        },
        { Key: 'BOCompletedTime', Value: 20200109125710 },
      ],
    },
  },
};

describe('parseAccountBalanceResult', () => {
  it('decodes the pipe-and-ampersand AccountBalance string into minor units', () => {
    const parsed = parseAccountBalanceResult(balanceResult);
    expect(parsed.resultCode).toBe('0');
    expect(parsed.completedAt).toEqual(new Date('2020-01-09T09:57:10.000Z'));
    expect(parsed.accounts).toEqual([
      { name: 'Working Account', currency: 'KES', availableMinor: 70000000n, currentMinor: 70000000n, reservedMinor: 0n, unclearedMinor: 0n },
      { name: 'Utility Account', currency: 'KES', availableMinor: 22803700n, currentMinor: 22803700n, reservedMinor: 0n, unclearedMinor: 0n },
      { name: 'Charges Paid Account', currency: 'KES', availableMinor: -154000n, currentMinor: -154000n, reservedMinor: 0n, unclearedMinor: 0n },
    ]);
  });

  it('gives no accounts for a failure without ResultParameters', () => {
    const { ResultParameters: _p, ...rest } = balanceResult.Result;
    expect(parseAccountBalanceResult({ Result: { ...rest, ResultCode: 2001 } }).accounts).toEqual([]);
  });

  it.each([
    ['too few fields', 'Working Account|KES|700000.00'],
    ['a non-amount', 'Working Account|KES|lots|700000.00|0.00|0.00'],
    ['a number instead of the string', 700000],
  ])('throws InvalidDarajaResultError for %s', (_name, value) => {
    const body = { Result: { ...balanceResult.Result, ResultParameters: { ResultParameter: { Key: 'AccountBalance', Value: value } } } };
    expect(() => parseAccountBalanceResult(body)).toThrow(InvalidDarajaResultError);
  });
});
