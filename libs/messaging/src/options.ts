export interface MessagingOptions {
  /** This service's name: its queues are lipa.<service>.events / .commands / .dlq. */
  service: string;
  amqpUrl: string;
  /** Prefixed to every exchange and queue name (test isolation, e.g. 't3f9.'). Default ''. */
  prefix?: string;
  /** Unacked messages per consumer channel (events, default-lane commands). Default 16. */
  prefetch?: number;
  /** Unacked messages on the work lane's own channel (`@OnCommand(name, { lane: 'work' })`). Default 64. */
  workPrefetch?: number;
  /** Quorum queue x-delivery-limit: deliveries before dead-lettering. Default 5. */
  deliveryLimit?: number;
  /** RpcClient.request default timeout. Default 10000. */
  rpcTimeoutMs?: number;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export type ResolvedMessagingOptions = Required<MessagingOptions>;

export function resolveOptions(o: MessagingOptions): ResolvedMessagingOptions {
  return {
    service: o.service,
    amqpUrl: o.amqpUrl,
    prefix: o.prefix ?? '',
    prefetch: o.prefetch ?? 16,
    workPrefetch: o.workPrefetch ?? 64,
    deliveryLimit: o.deliveryLimit ?? 5,
    rpcTimeoutMs: o.rpcTimeoutMs ?? 10_000,
  };
}
