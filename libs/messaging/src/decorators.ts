import { SetMetadata } from '@nestjs/common';

export const ON_EVENT = 'lipa.messaging.on_event';
export const ON_COMMAND = 'lipa.messaging.on_command';

/** `handler(tx: EntityManager, envelope: Envelope<P>): Promise<void>`, run inside the inbox transaction. */
export function OnEvent(type: string): MethodDecorator {
  return SetMetadata(ON_EVENT, type);
}

/** `handler(payload: P, meta: CommandMeta): Promise<R | void>`; for RPC the result is the reply. */
export function OnCommand(name: string): MethodDecorator {
  return SetMetadata(ON_COMMAND, name);
}

export interface CommandMeta {
  correlationId: string;
  merchantId?: string;
  envelopeId: string;
}
