import { nextRetryDelayMs, parseRetryDelays, shouldDisableEndpoint } from './retry-schedule';

describe('retry schedule', () => {
  const DEFAULT = '5000,30000,120000,600000,1800000,3600000,7200000,14400000,28800000,28800000';

  it('parses the configured delays in order', () => {
    expect(parseRetryDelays('100, 200,400')).toEqual([100, 200, 400]);
  });

  it.each(['', '100,,200', '100,-5', '1.5', 'abc'])('refuses %p', (text) => {
    expect(() => parseRetryDelays(text)).toThrow();
  });

  it('spreads the default schedule over about a day', () => {
    const total = parseRetryDelays(DEFAULT).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(20 * 3_600_000);
    expect(total).toBeLessThan(26 * 3_600_000);
  });

  it.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [4, null],
    [10, null],
  ])('after attempt %i failed, waits %p', (attemptsMade, expected) => {
    expect(nextRetryDelayMs(attemptsMade, [100, 200, 400])).toBe(expected);
  });

  it('refuses a nonsensical attempt number', () => {
    expect(() => nextRetryDelayMs(0, [100])).toThrow();
  });
});

describe('shouldDisableEndpoint', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  const day = 86_400_000;
  it.each([
    [null, false],
    [new Date(now.getTime() - 1_000), false],
    [new Date(now.getTime() - 5 * day), false],
    [new Date(now.getTime() - 5 * day - 1), true],
    [new Date(now.getTime() - 30 * day), true],
  ])('failing since %p → %p', (failingSince, expected) => {
    expect(shouldDisableEndpoint(failingSince, now, 5 * day)).toBe(expected);
  });
});
