import { RpcError, RpcTimeoutError } from '@lipa/messaging';
import { CodedError, LipaError, toErrorResponse } from '@lipa/platform';
import { toPublicError } from './upstream.client';

describe('toPublicError', () => {
  it.each([
    ['a remote business error keeps its code, status and message', new RpcError('transaction_not_found', 404, 'Transaction not found'), 404, 'transaction_not_found'],
    ['a remote 422 stays a 422', new RpcError('insufficient_service_balance', 422, 'Top up'), 422, 'insufficient_service_balance'],
    ['no answer in time is 504 upstream_timeout', new RpcTimeoutError('stk-service.stk.push.initiate did not answer within 15000 ms'), 504, 'upstream_timeout'],
    ['an unreachable broker is 503 upstream_unavailable', new RpcTimeoutError('stk-service.stk.push.initiate: broker unavailable'), 503, 'upstream_unavailable'],
    ['a remote crash is 502 upstream_error', new RpcError('internal_error', 500, 'Internal error'), 502, 'upstream_error'],
  ])('%s', (_, error, status, code) => {
    const mapped = toPublicError('stk-service', error);
    expect(mapped).toBeInstanceOf(LipaError);
    const { status: httpStatus, body } = toErrorResponse(mapped, 'req_1');
    expect(httpStatus).toBe(status);
    expect(body).toMatchObject({ success: false, error_code: code, request_id: 'req_1' });
  });

  it('leaves anything else alone (a bug is a 500, logged by the filter)', () => {
    const bug = new TypeError('x is undefined');
    expect(toPublicError('stk-service', bug)).toBe(bug);
    expect(toPublicError('stk-service', new CodedError('a', 400, 'b'))).toBeInstanceOf(CodedError);
  });
});
