import { DEFER_STEPS_MS, deferDelayMs, JITTER_FACTORS, nearestDeferStepMs, nextRetryDelayMs, parseRetryDelays } from './retry-schedule';

describe('retry schedule', () => {
  const DEFAULT = '5000,30000,120000,600000,1800000,3600000,7200000,14400000,28800000,28800000';

  it('parses the configured delays in order', () => {
    expect(parseRetryDelays('100, 200,400')).toEqual([100, 200, 400]);
  });

  it.each(['', '100,,200', '100,-5', '1.5', 'abc'])('refuses %p', (text) => {
    expect(() => parseRetryDelays(text)).toThrow();
  });

  it('spreads the default schedule over about a day, jitter included', () => {
    const delays = parseRetryDelays(DEFAULT);
    const total = delays.reduce((a, b) => a + b, 0);
    expect(total * Math.min(...JITTER_FACTORS)).toBeGreaterThan(18 * 3_600_000);
    expect(total * Math.max(...JITTER_FACTORS)).toBeLessThan(30 * 3_600_000);
  });

  it.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [4, null],
    [10, null],
  ])('after attempt %i failed, waits about %p ms', (attemptsMade, base) => {
    const delay = nextRetryDelayMs(attemptsMade, [100, 200, 400]);
    if (base === null) expect(delay).toBeNull();
    else expect(JITTER_FACTORS.map((f) => Math.round(base * f))).toContain(delay);
  });

  it.each([
    [0, 80],
    [0.25, 90],
    [0.5, 100],
    [0.7, 110],
    [0.99, 120],
  ])('with random() = %p the first retry of a 100 ms schedule waits %p ms', (r, expected) => {
    expect(nextRetryDelayMs(1, [100], () => r)).toBe(expected);
  });

  it('makes at most five distinct delays per step, so the TTL queues stay bounded', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 1_000; i += 1) seen.add(nextRetryDelayMs(1, [5_000])!);
    expect(seen).toEqual(new Set([4_000, 4_500, 5_000, 5_500, 6_000]));
  });

  it('refuses a nonsensical attempt number', () => {
    expect(() => nextRetryDelayMs(0, [100])).toThrow();
  });
});

describe('deferDelayMs', () => {
  it.each([
    [0, 0, 20],
    [0, 1, 30],
    [0, 3, 75],
    [0, 50, 300_000],
    [30, 0, 30],
    [700, 0, 750],
    [29_000, 0, 30_000],
    [8 * 3_600_000, 0, 300_000],
  ])('waiting %p ms, deferred %p times in a row → %p ms', (waitMs, deferrals, expected) => {
    expect(deferDelayMs(waitMs, deferrals)).toBe(expected);
    expect(DEFER_STEPS_MS).toContain(expected);
  });

  it.each([
    [0, 0, 1_000, 20],
    [0, 10, 1_000, 1_000],
    [0, 40, 1_000, 1_000],
    [29_000, 40, 1_000, 30_000],
    [1_000, 40, 30_000, 30_000],
    [130, 0, 0, 150],
  ])('waiting %p ms, deferred %p times, growth capped at %p ms → %p ms', (waitMs, deferrals, capMs, expected) => {
    expect(deferDelayMs(waitMs, deferrals, capMs)).toBe(expected);
  });
});

describe('nearestDeferStepMs', () => {
  it.each([
    [0, 20],
    [24, 20],
    [26, 30],
    [1_200, 1_000],
    [1_300, 1_500],
    [1e9, 300_000],
  ])('%p ms → %p ms', (waitMs, expected) => {
    expect(nearestDeferStepMs(waitMs)).toBe(expected);
  });
});
