import { randomUUID } from 'node:crypto';

/** docs/design.md §2: the event envelope. `id` is the de-duplication key (inbox). */
export interface Envelope<P = unknown> {
  id: string;
  type: string;
  version: number;
  occurred_at: string;
  correlation_id: string;
  merchant_id?: string;
  payload: P;
}

export interface EnvelopeMeta {
  correlationId: string;
  merchantId?: string;
  version?: number;
  id?: string;
}

export function newEnvelope<P>(type: string, payload: P, meta: EnvelopeMeta): Envelope<P> {
  const envelope: Envelope<P> = {
    id: meta.id ?? randomUUID(),
    type,
    version: meta.version ?? 1,
    occurred_at: new Date().toISOString(),
    correlation_id: meta.correlationId,
    payload,
  };
  if (meta.merchantId !== undefined) envelope.merchant_id = meta.merchantId;
  return envelope;
}
