import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { StkOutcome } from './stk/phone-outcomes';

export type SimRoute = 'oauth' | 'stkPush' | 'stkQuery' | 'callbacks';

export interface SimTransaction {
  merchantRequestId: string;
  checkoutRequestId: string;
  shortcode: string;
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
  private readonly tokens = new Map<string, number>();
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

  addToken(token: string, ttlSeconds: number): void {
    this.tokens.set(token, Date.now() + ttlSeconds * 1000);
  }

  isTokenValid(token: string): boolean {
    const expiresAt = this.tokens.get(token);
    return expiresAt !== undefined && expiresAt > Date.now();
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
