/** `"5000,30000,120000"` → [5000, 30000, 120000]; the config validated the shape. */
export function parseRetryDelays(text: string): number[] {
  const delays = text.split(',').map((part) => Number(part.trim()));
  if (delays.length === 0 || delays.some((d) => !Number.isInteger(d) || d <= 0)) {
    throw new Error(`Retry delays must be positive integers, got "${text}"`);
  }
  return delays;
}

/**
 * After attempt number `attemptsMade` (1-based) failed: how long to wait before the next one, or
 * null when the schedule is used up and the delivery fails. A schedule of n delays allows n + 1 attempts.
 */
export function nextRetryDelayMs(attemptsMade: number, delaysMs: readonly number[]): number | null {
  if (!Number.isInteger(attemptsMade) || attemptsMade < 1) throw new Error(`attemptsMade must be ≥ 1, got ${attemptsMade}`);
  return attemptsMade <= delaysMs.length ? delaysMs[attemptsMade - 1] : null;
}

/**
 * The endpoint-disabling rule: an endpoint is disabled once it has been failing without a single
 * success for longer than `disableAfterMs` (failing_since is set on the first failure after a success).
 */
export function shouldDisableEndpoint(failingSince: Date | null, now: Date, disableAfterMs: number): boolean {
  return failingSince !== null && now.getTime() - failingSince.getTime() > disableAfterMs;
}
