import { DarajaCredentialsRejectedError, DarajaOutcomeUnknownError, DarajaRejectedError, DarajaUnavailableError } from '@lipa/daraja';
import { classifyPushFailure, replayedFailure } from './push-failure';

const credentials = new DarajaCredentialsRejectedError(400, '400.008.01', 'Invalid Authentication passed');

describe('classifyPushFailure', () => {
  it.each<[string, unknown, boolean, object]>([
    ['a push that timed out after sending', new DarajaOutcomeUnknownError('stkPush', 'timed out'), false, { status: 'unknown', error: null }],
    [
      'a lost connection that may have applied',
      new DarajaUnavailableError('stkPush', 'server_error', false, 'reset'),
      false,
      { status: 'unknown', error: null },
    ],
    [
      "the merchant's own app refused",
      credentials,
      true,
      { status: 'failed', resultCode: '400.008.01', error: expect.objectContaining({ code: 'daraja_credentials_rejected', status: 422 }) },
    ],
    [
      "the merchant's own app, its breaker open",
      new DarajaCredentialsRejectedError(400, '400.008.01', 'Invalid Authentication passed', true),
      true,
      { status: 'failed', error: expect.objectContaining({ code: 'daraja_credentials_rejected', status: 422 }) },
    ],
    [
      "the platform's own app refused",
      credentials,
      false,
      { status: 'failed', level: 'error', error: expect.objectContaining({ code: 'mpesa_unavailable', status: 503 }) },
    ],
    [
      'a rejected field',
      new DarajaRejectedError('stkPush', 400, '400.002.02', 'Bad Request - Invalid Amount'),
      true,
      { status: 'failed', resultCode: '400.002.02', error: expect.objectContaining({ code: 'mpesa_request_rejected', status: 422 }) },
    ],
    [
      'spike arrest',
      new DarajaUnavailableError('stkPush', 'throttled', true, 'spike', { errorCode: '500.003.02' }),
      false,
      { status: 'failed', resultCode: '500.003.02', error: expect.objectContaining({ code: 'mpesa_unavailable', status: 503 }) },
    ],
    [
      'an open push breaker',
      new DarajaUnavailableError('stkPush', 'breaker_open', true, 'open'),
      true,
      { status: 'failed', resultCode: 'breaker_open', error: expect.objectContaining({ code: 'mpesa_unavailable' }) },
    ],
  ])('records %s', (_case, error, ownApp, expected) => {
    expect(classifyPushFailure(error, ownApp, 'txn_1')).toMatchObject(expected);
  });

  it('leaves anything not from Daraja to be thrown as the bug it is', () => {
    expect(classifyPushFailure(new TypeError('x'), false, 'txn_1')).toBeNull();
  });

  it.each<[string, unknown, boolean, string]>([
    ['spike arrest', new DarajaUnavailableError('stkPush', 'throttled', true, 'spike'), false, 'mpesa_unavailable'],
    ["the merchant's refused credentials", credentials, true, 'daraja_credentials_rejected'],
    ["the platform's refused credentials", credentials, false, 'mpesa_unavailable'],
    ['a rejection', new DarajaRejectedError('stkPush', 500, '500.001.1001', '[MerchantValidate] - Wrong credentials'), true, 'mpesa_request_rejected'],
  ])('replays %s with the same error', (_case, error, ownApp, code) => {
    const failure = classifyPushFailure(error, ownApp, 'txn_1');
    expect(replayedFailure(failure?.resultDesc ?? null, 'txn_1')).toMatchObject({ code, details: { idempotent_replay: true } });
  });
});
