import CircuitBreaker from 'opossum';

/** How an attempt's result counts for its destination's health. `neutral`: says nothing about the receiver (a refused address). */
export type Verdict = 'success' | 'failure' | 'neutral';

export type GateResult<T> =
  | { kind: 'ran'; value: T }
  /**
   * Not run: the destination has `concurrency` attempts in flight, or its breaker is open; ask again
   * in about `waitMs` (for concurrency: when a slot is expected to be free for it).
   */
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
  /** Start times of the attempts in flight. */
  inFlight: Set<{ startedAt: number }>;
  /** How long an attempt takes here (moving average). */
  attemptMs: number;
  /** Commands deferred for concurrency that have not come back yet: the queue behind the limit. */
  waiting: number;
}

/** Before the first attempt to a destination finishes, one is assumed to take this long. */
const INITIAL_ATTEMPT_MS = 50;
/** A deferral for concurrency is never booked further ahead than this. */
const MAX_CONCURRENCY_WAIT_MS = 30_000;

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

  /** `returning`: this command was deferred for concurrency before (it leaves the queue behind the limit). */
  async run<T>(key: string, action: () => Promise<T>, judge: (value: T) => Verdict, options: { returning?: boolean } = {}): Promise<GateResult<T>> {
    const d = this.destination(key);
    d.lastUsed = Date.now();
    if (options.returning) d.waiting = Math.max(0, d.waiting - 1);
    try {
      const value = (await d.breaker.fire(async () => {
        const slot = { startedAt: Date.now() };
        d.inFlight.add(slot);
        try {
          const v = await action();
          if (judge(v) === 'failure') throw new Failed(v);
          return v;
        } finally {
          d.inFlight.delete(slot);
          d.attemptMs = 0.8 * d.attemptMs + 0.2 * (Date.now() - slot.startedAt);
        }
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
      if (code === 'ESEMLOCKED') return { kind: 'deferred', reason: 'concurrency', waitMs: this.bookSlot(d) };
      throw err;
    } finally {
      this.sweep();
    }
  }

  /** Attempts in flight to the destination now. */
  inFlight(key: string): number {
    return this.destinations.get(key)?.inFlight.size ?? 0;
  }

  /** A command the gate deferred for concurrency waits in the caller's memory instead: it is not in the queue behind the limit. */
  cancelBooking(key: string): void {
    const d = this.destinations.get(key);
    if (d) d.waiting = Math.max(0, d.waiting - 1);
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
      const created: Destination = {
        breaker,
        consecutiveFailures: 0,
        openedAt: 0,
        lastUsed: Date.now(),
        inFlight: new Set(),
        attemptMs: INITIAL_ATTEMPT_MS,
        waiting: 0,
      };
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

  /**
   * When a deferred command should come back: when the slots should have served the commands
   * deferred before it, i.e. their number times one slot's share of an attempt's time (an attempt's
   * time: the moving average, or the age of the oldest attempt in flight when that is longer, so a
   * hanging receiver's waiters come back ever more slowly instead of polling it).
   */
  private bookSlot(d: Destination): number {
    const now = Date.now();
    let oldest = 0;
    for (const slot of d.inFlight) oldest = Math.max(oldest, now - slot.startedAt);
    d.waiting += 1;
    const perSlotMs = Math.max(d.attemptMs, oldest) / this.options.concurrency;
    return Math.min(Math.round(d.waiting * perSlotMs), MAX_CONCURRENCY_WAIT_MS);
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
