import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { StkOutcome } from './stk/phone-outcomes';

export type SimRoute = 'oauth' | 'stkPush' | 'stkQuery' | 'callbacks';

export interface SimTransaction {
  merchantRequestId: string;
  checkoutRequestId: string;
  /** BusinessShortCode: the paybill, or a till's store number. */
  shortcode: string;
  /** PartyB: the paybill again, or the till. */
  partyB: string;
  transactionType: string;
  /** The consumer key whose token sent the push: which Daraja app it came from. */
  consumerKey: string;
  /** Every STK query of this payment: the app that asked, and the shortcode it named. */
  queries: Array<{ consumerKey: string; shortcode: string }>;
  amount: number;
  phoneNumber: string;
  callbackUrl: string;
  outcome: StkOutcome;
  /** Set once the payer's answer (or its absence) is known; null while the prompt is open. */
  resultCode: number | null;
  receipt?: string;
  transactionDate?: number;
}

const emptyCounts = (): Record<SimRoute, number> => ({ oauth: 0, stkPush: 0, stkQuery: 0, callbacks: 0 });

/** Everything the simulator remembers, in memory: tokens, transactions, subscriber locks and request counts. */
@Injectable()
export class SimStateService implements OnApplicationShutdown {
  private counts = emptyCounts();
  private readonly tokens = new Map<string, { expiresAt: number; consumerKey: string }>();
  readonly transactions = new Map<string, SimTransaction>();
  private readonly lockedSubscribers = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();

  count(route: SimRoute): void {
    this.counts[route] += 1;
  }

  requestCounts(): Record<SimRoute, number> {
    return { ...this.counts };
  }

  /** Forgets counts, transactions and locks. Tokens survive, so clients holding one keep working. */
  reset(): void {
    this.counts = emptyCounts();
    this.transactions.clear();
    this.lockedSubscribers.clear();
  }

  addToken(token: string, ttlSeconds: number, consumerKey: string): void {
    this.tokens.set(token, { expiresAt: Date.now() + ttlSeconds * 1000, consumerKey });
  }

  /** The consumer key a live token was issued to; undefined for an unknown, expired or revoked token. */
  tokenOwner(token: string): string | undefined {
    const issued = this.tokens.get(token);
    return issued !== undefined && issued.expiresAt > Date.now() ? issued.consumerKey : undefined;
  }

  /** Test hook: every issued token becomes invalid, as after a key rotation. */
  revokeTokens(): void {
    this.tokens.clear();
  }

  tryLockSubscriber(msisdn: string): boolean {
    if (this.lockedSubscribers.has(msisdn)) return false;
    this.lockedSubscribers.add(msisdn);
    return true;
  }

  unlockSubscriber(msisdn: string): void {
    this.lockedSubscribers.delete(msisdn);
  }

  /** setTimeout that is cleared when the app closes, so a stopped simulator leaves nothing running. */
  schedule(run: () => void, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, delayMs);
    this.timers.add(timer);
  }

  sleep(delayMs: number): Promise<void> {
    return new Promise((resolve) => this.schedule(resolve, delayMs));
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
