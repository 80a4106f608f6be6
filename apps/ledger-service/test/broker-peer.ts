import * as amqp from 'amqplib';
import { AmqpConnection, Envelope, RpcClient } from '@lipa/messaging';
import { infra } from '@lipa/testing';

/** Another service on the suite's broker prefix: publishes events the way an outbox relay would, asks by RPC. */
export interface BrokerPeer {
  rpc: RpcClient;
  /** Publishes the envelope to `<prefix>lipa.events` in the wire format (docs/design.md §2), with confirms. */
  publish(envelope: Envelope): Promise<void>;
  /** Takes one message off a queue (e.g. the dead-letter queue), false when it is empty. */
  take(queue: string): Promise<amqp.GetMessage | false>;
  close(): Promise<void>;
}

export async function connectBrokerPeer(prefix: string, service: string): Promise<BrokerPeer> {
  const connection = await amqp.connect(infra.amqpUrl);
  const channel = await connection.createConfirmChannel();
  const rpcConnection = new AmqpConnection({ service, amqpUrl: infra.amqpUrl, prefix, prefetch: 1, deliveryLimit: 5, rpcTimeoutMs: 5_000 });
  const rpc = new RpcClient(rpcConnection);
  return {
    rpc,
    async publish(envelope) {
      const headers: Record<string, unknown> = { version: envelope.version, occurred_at: envelope.occurred_at };
      if (envelope.merchant_id) headers.merchant_id = envelope.merchant_id;
      channel.publish(`${prefix}lipa.events`, envelope.type, Buffer.from(JSON.stringify(envelope.payload)), {
        messageId: envelope.id,
        type: envelope.type,
        correlationId: envelope.correlation_id,
        contentType: 'application/json',
        persistent: true,
        headers,
      });
      await channel.waitForConfirms();
    },
    take: (queue) => channel.get(queue, { noAck: true }),
    async close() {
      rpc.close();
      await rpcConnection.close();
      await connection.close();
    },
  };
}
