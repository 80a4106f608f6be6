import { DarajaOutcomeUnknownError, DarajaRejectedError, DarajaUnavailableError } from './daraja.errors';
import { interpretResponse, parseExpiresIn, TokenRejectedError, transportError } from './daraja-http';

const push = { operation: 'stkPush', hasSideEffect: true };
const query = { operation: 'stkQuery', hasSideEffect: false };
const envelope = (errorCode: string, errorMessage = 'x') => JSON.stringify({ requestId: 'r-1', errorCode, errorMessage });

describe('interpretResponse', () => {
  it('returns the parsed body of a 2xx answer', () => {
    expect(interpretResponse(push, 200, '{"ResponseCode":"0"}')).toEqual({ ResponseCode: '0' });
  });

  it.each([
    [404, '404.001.03'],
    [401, '401.002.01'],
    [400, '400.003.01'],
    [401, '999.999.99'],
  ])('treats HTTP %d %s as a refused token', (status, code) => {
    expect(() => interpretResponse(push, status, envelope(code))).toThrow(TokenRejectedError);
  });

  it.each([['500.003.02'], ['500.003.03']])('treats %s as throttling that did not apply', (code) => {
    const error = captured(() => interpretResponse(push, 500, envelope(code)));
    expect(error).toBeInstanceOf(DarajaUnavailableError);
    expect(error).toMatchObject({ reason: 'throttled', definitelyNotApplied: true, errorCode: code });
  });

  it.each([
    [400, '400.002.02', 'Bad Request - Invalid Amount'],
    [500, '500.001.1001', 'Unable to lock subscriber, a transaction is already in process for the current subscriber'],
    // STK query has answered HTTP 200 with an error envelope.
    [200, '500.001.1001', ''],
  ])('turns HTTP %d %s into DarajaRejectedError', (status, code, message) => {
    const error = captured(() => interpretResponse(push, status, envelope(code, message)));
    expect(error).toBeInstanceOf(DarajaRejectedError);
    expect(error).toMatchObject({ httpStatus: status, errorCode: code, errorMessage: message, requestId: 'r-1' });
  });

  it('treats an unreadable 5xx as outcome unknown for a push but unavailable for a query', () => {
    expect(captured(() => interpretResponse(push, 502, '<html>Bad gateway</html>'))).toBeInstanceOf(DarajaOutcomeUnknownError);
    expect(captured(() => interpretResponse(query, 502, '<html>Bad gateway</html>'))).toBeInstanceOf(DarajaUnavailableError);
  });
});

describe('transportError', () => {
  const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
  const reset = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
  const timeout = Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });

  it.each([
    ['a refused connection on a push', push, refused, DarajaUnavailableError],
    ['a timeout on a push', push, timeout, DarajaOutcomeUnknownError],
    ['a reset on a push', push, reset, DarajaOutcomeUnknownError],
    ['a timeout on a query', query, timeout, DarajaUnavailableError],
    ['a reset on a query', query, reset, DarajaUnavailableError],
  ])('maps %s', (_case, ctx, error, expected) => {
    expect(transportError(ctx, error)).toBeInstanceOf(expected);
  });

  it('marks a refused connection as definitely not applied', () => {
    expect(transportError(push, refused)).toMatchObject({ reason: 'connection_refused', definitelyNotApplied: true });
  });
});

describe('parseExpiresIn', () => {
  it.each([
    ['3599', 3599],
    [3599, 3599],
    [' 3600 ', 3600],
  ])('reads %p as %p seconds', (value, seconds) => {
    expect(parseExpiresIn(value)).toBe(seconds);
  });

  it.each([[undefined], ['soon'], [0], ['-5']])('refuses %p', (value) => {
    expect(() => parseExpiresIn(value)).toThrow(DarajaUnavailableError);
  });
});

function captured(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
