/** `"5000,30000,120000"` → [5000, 30000, 120000]; the config validated the shape. */
export function parseRetryDelays(text: string): number[] {
  const delays = text.split(',').map((part) => Number(part.trim()));
  if (delays.length === 0 || delays.some((d) => !Number.isInteger(d) || d <= 0)) {
    throw new Error(`Retry delays must be positive integers, got "${text}"`);
  }
  return delays;
}

/**
 * Jitter: each retry waits its step of the schedule times one of these, picked at random. A fixed
 * set (not a continuous range) because every distinct delay is a TTL queue on the broker: a
 * schedule of n distinct steps makes at most 5n retry queues, and deliveries that failed together
 * (a receiver's outage) still spread over ±20 % instead of coming back at the same instant.
 */
export const JITTER_FACTORS = [0.8, 0.9, 1, 1.1, 1.2] as const;

/**
 * After attempt number `attemptsMade` (1-based, counted since the delivery was last replayed)
 * failed: how long to wait before the next one, or null when the schedule is used up and the
 * delivery fails. A schedule of n delays allows n + 1 attempts. `random` in [0, 1) picks the jitter.
 */
export function nextRetryDelayMs(attemptsMade: number, delaysMs: readonly number[], random: () => number = Math.random): number | null {
  if (!Number.isInteger(attemptsMade) || attemptsMade < 1) throw new Error(`attemptsMade must be ≥ 1, got ${attemptsMade}`);
  if (attemptsMade > delaysMs.length) return null;
  const factor = JITTER_FACTORS[Math.min(JITTER_FACTORS.length - 1, Math.floor(random() * JITTER_FACTORS.length))];
  return Math.max(1, Math.round(delaysMs[attemptsMade - 1] * factor));
}

/**
 * The delays a deferred attempt (no attempt made: an earlier delivery of the same transaction is
 * still pending, the destination has as many attempts in flight as it may, or its breaker is open)
 * is re-queued with. Fixed, for the same reason as JITTER_FACTORS.
 */
export const DEFER_STEPS_MS = [
  20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1_000, 1_500, 2_000, 3_000, 5_000, 7_500, 10_000, 15_000, 30_000, 60_000, 300_000,
] as const;

/** The step nearest to `waitMs` (a concurrency deferral: coming back a little early only costs another deferral). */
export function nearestDeferStepMs(waitMs: number): number {
  return DEFER_STEPS_MS.reduce((best, step) => (Math.abs(step - waitMs) < Math.abs(best - waitMs) ? step : best), DEFER_STEPS_MS[0]);
}

/**
 * The delay of a deferral: at least `waitMs` (when the blocker is due, when the breaker half-opens)
 * and, the more often this command has been deferred in a row, the longer (so a destination that
 * stays busy is asked less and less often), that growth stopping at `capMs`; the smallest step that
 * covers both (at most 5 minutes).
 */
export function deferDelayMs(waitMs: number, deferralsInARow: number, capMs: number = DEFER_STEPS_MS[DEFER_STEPS_MS.length - 1]): number {
  const byCount = DEFER_STEPS_MS[Math.min(Math.max(0, deferralsInARow), DEFER_STEPS_MS.length - 1)];
  const wanted = Math.max(waitMs, Math.min(byCount, capMs));
  return DEFER_STEPS_MS.find((step) => step >= wanted) ?? DEFER_STEPS_MS[DEFER_STEPS_MS.length - 1];
}
