import CircuitBreaker from 'opossum';

/** How an attempt's result counts for its destination's health. `neutral`: says nothing about the receiver (a refused address). */
export type Verdict = 'success' | 'failure' | 'neutral';

export type GateResult<T> =
  | { kind: 'ran'; value: T }
  /** Not run: the destination has `concurrency` attempts in flight, or its breaker is open; ask again in about `waitMs`. */
  | { kind: 'deferred'; reason: 'concurrency' | 'breaker'; waitMs: number };

export interface DestinationGateOptions {
  /** Attempts in flight to one destination in this process. */
  concurrency: number;
  /** Consecutive failures that open a destination's breaker. */
  failuresToOpen: number;
  /** How long it stays open before one trial attempt (half-open). */
  resetMs: number;
  /** A destination unused this long is forgotten (its breaker shut down) unless its breaker is open. */
  idleMs?: number;
}

class Failed<T> extends Error {
  constructor(readonly value: T) {
    super('attempt failed');
  }
}

interface Destination {
  breaker: CircuitBreaker<[() => Promise<unknown>], unknown>;
  consecutiveFailures: number;
  openedAt: number;
  lastUsed: number;
}

/**
 * Per destination (an endpoint, or a callback URL's origin) in this process: an opossum breaker
 * whose `capacity` is the concurrency limit (over it, opossum refuses at once with ESEMLOCKED)
 * and which opens after `failuresToOpen` consecutive failures (opossum's own rolling-window rule is
 * switched off by an unreachable volume threshold; opossum runs the open → half-open → closed
 * cycle: after `resetMs` one trial attempt goes through, its success closes the breaker, its
 * failure opens it again). Neither a full destination nor an open breaker waits: the caller is told
 * to defer, so no delivery slot is held while a receiver is slow.
 */
export class DestinationGates {
  private readonly destinations = new Map<string, Destination>();
  private readonly idleMs: number;
  private lastSweep = Date.now();

  constructor(
    private readonly options: DestinationGateOptions,
    private readonly onBreaker: (key: string, state: 'open' | 'half_open' | 'closed') => void = () => undefined,
  ) {
    this.idleMs = options.idleMs ?? 10 * 60_000;
  }

  async run<T>(key: string, action: () => Promise<T>, judge: (value: T) => Verdict): Promise<GateResult<T>> {
    const d = this.destination(key);
    d.lastUsed = Date.now();
    try {
      const value = (await d.breaker.fire(async () => {
        const v = await action();
        if (judge(v) === 'failure') throw new Failed(v);
        return v;
      })) as T;
      if (judge(value) === 'success') d.consecutiveFailures = 0;
      return { kind: 'ran', value };
    } catch (err) {
      if (err instanceof Failed) {
        d.consecutiveFailures += 1;
        if (d.consecutiveFailures >= this.options.failuresToOpen && d.breaker.closed) d.breaker.open();
        return { kind: 'ran', value: err.value as T };
      }
      const code = (err as { code?: string }).code;
      if (code === 'EOPENBREAKER') return { kind: 'deferred', reason: 'breaker', waitMs: Math.max(0, d.openedAt + this.options.resetMs - Date.now()) };
      if (code === 'ESEMLOCKED') return { kind: 'deferred', reason: 'concurrency', waitMs: 0 };
      throw err;
    } finally {
      this.sweep();
    }
  }

  /** Whether the destination's breaker is open now (for tests and logs). */
  isOpen(key: string): boolean {
    const d = this.destinations.get(key);
    return d !== undefined && !d.breaker.closed;
  }

  shutdown(): void {
    for (const d of this.destinations.values()) d.breaker.shutdown();
    this.destinations.clear();
  }

  private destination(key: string): Destination {
    let d = this.destinations.get(key);
    if (!d) {
      const breaker = new CircuitBreaker<[() => Promise<unknown>], unknown>((thunk) => thunk(), {
        name: key,
        // WEBHOOK_TIMEOUT_MS bounds each attempt in the HTTP client; an opossum timeout would abandon a running POST.
        timeout: false,
        capacity: this.options.concurrency,
        resetTimeout: this.options.resetMs,
        // Opened by consecutive failures (above), not by opossum's error percentage over a window.
        volumeThreshold: Number.MAX_SAFE_INTEGER,
      });
      const created: Destination = { breaker, consecutiveFailures: 0, openedAt: 0, lastUsed: Date.now() };
      breaker.on('open', () => {
        created.openedAt = Date.now();
        this.onBreaker(key, 'open');
      });
      breaker.on('halfOpen', () => this.onBreaker(key, 'half_open'));
      breaker.on('close', () => {
        created.consecutiveFailures = 0;
        this.onBreaker(key, 'closed');
      });
      d = created;
      this.destinations.set(key, d);
    }
    return d;
  }

  /** Forgets idle, healthy destinations now and then, so a process that saw many keeps few. */
  private sweep(): void {
    const now = Date.now();
    if (now - this.lastSweep < this.idleMs) return;
    this.lastSweep = now;
    for (const [key, d] of this.destinations) {
      if (now - d.lastUsed > this.idleMs && d.breaker.closed && d.consecutiveFailures === 0) {
        d.breaker.shutdown();
        this.destinations.delete(key);
      }
    }
  }
}
