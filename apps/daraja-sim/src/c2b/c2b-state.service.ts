import { Injectable } from '@nestjs/common';

export type C2bApiVersion = 'v1' | 'v2';

export interface C2bRegistration {
  shortcode: string;
  version: C2bApiVersion;
  responseType: 'Completed' | 'Cancelled';
  confirmationUrl: string;
  /** Set only when the shortcode has external validation (a ValidationURL was registered). */
  validationUrl?: string;
}

export interface C2bPayment {
  originatorConversationId: string;
  shortcode: string;
  transId: string;
  /** pending while validation/confirmation run; completed once confirmed (or sent nowhere); cancelled when validation refused. */
  status: 'pending' | 'completed' | 'cancelled';
  /** accepted, rejected (with the code), timeout (fell back to ResponseType), or none (no ValidationURL). */
  validation: 'none' | 'accepted' | 'timeout' | { rejected: string };
}

/** C2B's in-memory state: URL registrations per shortcode, simulated payments, organisation balances. */
@Injectable()
export class C2bStateService {
  readonly registrations = new Map<string, C2bRegistration>();
  readonly payments = new Map<string, C2bPayment>();
  private readonly balances = new Map<string, number>();
  /** How long M-Pesa waits for the validation answer (docs/daraja.md §5.3: about 8 s). */
  validationTimeoutMs = 8_000; // tests shorten it with POST /__sim/c2b/settings

  /** Adds a confirmed payment to the shortcode's utility balance (KES) and returns the new balance. */
  credit(shortcode: string, amount: number): number {
    const next = (this.balances.get(shortcode) ?? 0) + amount;
    this.balances.set(shortcode, next);
    return next;
  }
}
