import { RpcError, RpcTimeoutError } from '@lipa/messaging';
import { CodedError, LipaError, toErrorResponse } from '@lipa/platform';
import { UpstreamClient, toPublicError } from './upstream.client';

describe('toPublicError', () => {
  it.each([
    [
      'a remote business error keeps its code, status and message',
      new RpcError('transaction_not_found', 404, 'Transaction not found'),
      404,
      'transaction_not_found',
    ],
    ['a remote 422 stays a 422', new RpcError('insufficient_service_balance', 422, 'Top up'), 422, 'insufficient_service_balance'],
    ['no answer in time is 504 upstream_timeout', new RpcTimeoutError('stk-service.stk.push.initiate did not answer within 15000 ms'), 504, 'upstream_timeout'],
    [
      'an unreachable broker is 503 upstream_unavailable',
      new RpcTimeoutError('stk-service.stk.push.initiate: broker unavailable'),
      503,
      'upstream_unavailable',
    ],
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

describe('UpstreamClient', () => {
  const config = { RPC_TIMEOUT_MS: 15_000 } as never;

  it('answers 503 upstream_unavailable at once, without publishing, when the broker connection is down', async () => {
    const rpc = { request: jest.fn() };
    const client = new UpstreamClient(rpc as never, { isConnected: () => false } as never, config);
    const error = await client.request('stk-service', 'stk.push.initiate', {}, { correlationId: 'c', merchantId: 'm' }).catch((e: unknown) => e);
    expect(toErrorResponse(error, 'r').status).toBe(503);
    expect(toErrorResponse(error, 'r').body.error_code).toBe('upstream_unavailable');
    expect(rpc.request).not.toHaveBeenCalled();
  });

  it('passes the configured RPC timeout and the merchant to the request', async () => {
    const rpc = { request: jest.fn().mockResolvedValue({ ok: 1 }) };
    const client = new UpstreamClient(rpc as never, { isConnected: () => true } as never, config);
    await expect(client.request('ledger-service', 'ledger.balances.get', { merchant_id: 'm' }, { correlationId: 'c', merchantId: 'm' })).resolves.toEqual({
      ok: 1,
    });
    expect(rpc.request).toHaveBeenCalledWith(
      'ledger-service',
      'ledger.balances.get',
      { merchant_id: 'm' },
      { correlationId: 'c', merchantId: 'm', timeoutMs: 15_000 },
    );
  });
});
