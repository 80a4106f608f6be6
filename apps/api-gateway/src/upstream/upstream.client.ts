import { Injectable } from '@nestjs/common';
import { AmqpConnection, RpcClient, RpcError, RpcTimeoutError } from '@lipa/messaging';
import { CodedError, UpstreamUnavailableError } from '@lipa/platform';
import { ApiGatewayConfig } from '../config';

/**
 * RPC to the services behind the gateway, with their failures turned into public errors:
 * the remote LipaError keeps its code/status/message; no answer in time is 504 upstream_timeout;
 * no broker is 503 upstream_unavailable.
 */
@Injectable()
export class UpstreamClient {
  constructor(
    private readonly rpc: RpcClient,
    private readonly amqp: AmqpConnection,
    private readonly config: ApiGatewayConfig,
  ) {}

  async request<R>(service: string, command: string, payload: unknown, meta: { correlationId: string; merchantId: string }): Promise<R> {
    // Without a connection the request would only wait for its deadline; say so at once instead.
    if (!this.amqp.isConnected()) throw new UpstreamUnavailableError(`${service} is unavailable, try again shortly`);
    try {
      return await this.rpc.request<R>(service, command, payload, { ...meta, timeoutMs: this.config.RPC_TIMEOUT_MS });
    } catch (error) {
      throw toPublicError(service, error);
    }
  }
}

/** @lipa/messaging has its own LipaError class, so its errors are re-made as the platform's. */
export function toPublicError(service: string, error: unknown): unknown {
  if (error instanceof RpcTimeoutError) {
    if (/broker unavailable/i.test(error.message)) return new UpstreamUnavailableError(`${service} is unavailable, try again shortly`);
    return new CodedError('upstream_timeout', 504, `${service} did not answer in time`);
  }
  if (error instanceof RpcError) {
    if (error.status >= 500 && error.code === 'internal_error') return new CodedError('upstream_error', 502, `${service} failed to handle the request`);
    return new CodedError(error.code, error.status, error.message);
  }
  return error;
}
