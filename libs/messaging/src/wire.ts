import type { ConsumeMessage, Options } from 'amqplib';
import type { Envelope } from './envelope';

/** docs/design.md §2: the envelope rides in AMQP properties, the payload is the JSON body. */
export function toPublishOptions(envelope: Envelope, amqpType: string = envelope.type): Options.Publish {
  const headers: Record<string, unknown> = {
    version: envelope.version,
    occurred_at: envelope.occurred_at,
  };
  if (envelope.merchant_id !== undefined) headers['merchant_id'] = envelope.merchant_id;
  return {
    messageId: envelope.id,
    type: amqpType,
    correlationId: envelope.correlation_id,
    timestamp: Math.floor(Date.parse(envelope.occurred_at) / 1000) || Math.floor(Date.now() / 1000),
    contentType: 'application/json',
    persistent: true,
    headers,
  };
}

export function toBody(payload: unknown): Buffer {
  return Buffer.from(JSON.stringify(payload ?? null));
}

export class BadMessageError extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Rebuilds the envelope; throws BadMessageError when the body is not JSON or the id is not a uuid. */
export function fromMessage(msg: ConsumeMessage): Envelope {
  const p = msg.properties;
  const headers = (p.headers ?? {}) as Record<string, unknown>;
  let payload: unknown;
  try {
    payload = JSON.parse(msg.content.toString('utf8'));
  } catch {
    throw new BadMessageError('body is not JSON');
  }
  const id = typeof p.messageId === 'string' ? p.messageId : '';
  if (!UUID.test(id)) throw new BadMessageError('message_id is not a uuid');
  const envelope: Envelope = {
    id,
    type: typeof p.type === 'string' && p.type ? p.type : msg.fields.routingKey,
    version: Number(headers['version'] ?? 1) || 1,
    occurred_at:
      typeof headers['occurred_at'] === 'string'
        ? (headers['occurred_at'] as string)
        : new Date((Number(p.timestamp) || Date.now() / 1000) * 1000).toISOString(),
    correlation_id: typeof p.correlationId === 'string' ? p.correlationId : id,
    payload,
  };
  if (typeof headers['merchant_id'] === 'string') envelope.merchant_id = headers['merchant_id'] as string;
  return envelope;
}
