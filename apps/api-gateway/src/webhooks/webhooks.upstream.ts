import { Injectable } from '@nestjs/common';
import { WEBHOOK_DISPATCHER } from '@lipa/contracts';
import { NotFoundError } from '@lipa/platform';
import type { AuthContext } from '../auth/auth-context';
import { UpstreamClient } from '../upstream/upstream.client';

/** webhook-dispatcher's ids (`we_…`, `wd_…`) are word characters, at most 64 (the commands' limit). */
const ID = /^[A-Za-z0-9_]{1,64}$/;

/** An id from the path that cannot name an endpoint is answered as an unknown one, without a round trip. */
export function endpointIdParam(id: string): string {
  if (!ID.test(id)) throw new NotFoundError('webhook_endpoint_not_found', 'No such webhook endpoint');
  return id;
}

export function deliveryIdParam(id: string): string {
  if (!ID.test(id)) throw new NotFoundError('webhook_delivery_not_found', 'No such webhook delivery');
  return id;
}

/** RPC to webhook-dispatcher on behalf of the caller (its merchant on the envelope, the request id as correlation id). */
@Injectable()
export class WebhooksUpstream {
  constructor(private readonly upstream: UpstreamClient) {}

  call<R>(command: string, payload: unknown, auth: AuthContext, requestId: string): Promise<R> {
    return this.upstream.request<R>(WEBHOOK_DISPATCHER, command, payload, { correlationId: requestId, merchantId: auth.merchantId });
  }
}
