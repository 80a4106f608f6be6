import { SetMetadata } from '@nestjs/common';
import { assertLane, type CommandLane } from './topology';

export const ON_EVENT = 'lipa.messaging.on_event';
export const ON_COMMAND = 'lipa.messaging.on_command';
export const ON_COMMAND_LANE = 'lipa.messaging.on_command_lane';

/** `handler(tx: EntityManager, envelope: Envelope<P>): Promise<void>`, run inside the inbox transaction. */
export function OnEvent(type: string): MethodDecorator {
  return SetMetadata(ON_EVENT, type);
}

export interface OnCommandOptions {
  /**
   * 'work': consumed from lipa.<service>.work on a channel of its own (prefetch `workPrefetch`), so
   * slow handlers never take the consumer slots of the default lane's RPCs. Default: the commands queue.
   */
  lane?: CommandLane;
}

/** `handler(payload: P, meta: CommandMeta): Promise<R | void>`; for RPC the result is the reply. */
export function OnCommand(name: string, options: OnCommandOptions = {}): MethodDecorator {
  assertLane(options.lane);
  const lane = options.lane;
  return (target, key, descriptor) => {
    SetMetadata(ON_COMMAND, name)(target, key, descriptor);
    if (lane) SetMetadata(ON_COMMAND_LANE, lane)(target, key, descriptor);
  };
}

export interface CommandMeta {
  correlationId: string;
  merchantId?: string;
  envelopeId: string;
}
