import { DestinationGates, type Verdict } from './destination-gate';

/** A controllable action: each call returns a promise the test settles. */
function pending<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const judge = (v: string): Verdict => (v === 'ok' ? 'success' : v === 'refused' ? 'neutral' : 'failure');

describe('DestinationGates', () => {
  let gates: DestinationGates;
  afterEach(() => gates.shutdown());

  it('lets `concurrency` attempts run per destination and defers the next without running it', async () => {
    gates = new DestinationGates({ concurrency: 2, failuresToOpen: 5, resetMs: 1_000 });
    const a = pending<string>();
    const b = pending<string>();
    const first = gates.run('endpoint:a', () => a.promise, judge);
    const second = gates.run('endpoint:a', () => b.promise, judge);
    let ran = false;
    const third = await gates.run(
      'endpoint:a',
      async () => {
        ran = true;
        return 'ok';
      },
      judge,
    );
    expect(third).toMatchObject({ kind: 'deferred', reason: 'concurrency' });
    expect(ran).toBe(false);
    // Each further deferral is booked behind the previous one: they come back one slot's share of an attempt apart.
    const fourth = await gates.run('endpoint:a', async () => 'ok', judge);
    expect(fourth).toMatchObject({ kind: 'deferred', reason: 'concurrency' });
    expect((fourth as { waitMs: number }).waitMs).toBeGreaterThan((third as { waitMs: number }).waitMs);
    // another destination is not affected
    await expect(gates.run('endpoint:b', async () => 'ok', judge)).resolves.toEqual({ kind: 'ran', value: 'ok' });
    a.resolve('ok');
    b.resolve('http_500');
    await expect(first).resolves.toEqual({ kind: 'ran', value: 'ok' });
    await expect(second).resolves.toEqual({ kind: 'ran', value: 'http_500' });
    // slots are free again
    await expect(gates.run('endpoint:a', async () => 'ok', judge)).resolves.toEqual({ kind: 'ran', value: 'ok' });
  });

  it('opens after N consecutive failures, defers without calling while open, and closes after a successful trial', async () => {
    gates = new DestinationGates({ concurrency: 4, failuresToOpen: 3, resetMs: 150 });
    for (const v of ['http_500', 'http_500', 'ok', 'http_500', 'http_500']) await gates.run('endpoint:x', async () => v, judge);
    expect(gates.isOpen('endpoint:x')).toBe(false); // a success in between: not three in a row
    await gates.run('endpoint:x', async () => 'timeout', judge);
    expect(gates.isOpen('endpoint:x')).toBe(true);

    let calls = 0;
    const deferred = await gates.run(
      'endpoint:x',
      async () => {
        calls += 1;
        return 'ok';
      },
      judge,
    );
    expect(deferred).toMatchObject({ kind: 'deferred', reason: 'breaker' });
    expect((deferred as { waitMs: number }).waitMs).toBeGreaterThan(0);
    expect((deferred as { waitMs: number }).waitMs).toBeLessThanOrEqual(150);
    expect(calls).toBe(0);

    await new Promise((r) => setTimeout(r, 200)); // half-open
    await expect(gates.run('endpoint:x', async () => 'ok', judge)).resolves.toEqual({ kind: 'ran', value: 'ok' });
    expect(gates.isOpen('endpoint:x')).toBe(false);
  });

  it('opens again when the half-open trial fails', async () => {
    gates = new DestinationGates({ concurrency: 4, failuresToOpen: 1, resetMs: 100 });
    await gates.run('endpoint:y', async () => 'http_503', judge);
    expect(gates.isOpen('endpoint:y')).toBe(true);
    await new Promise((r) => setTimeout(r, 150));
    await expect(gates.run('endpoint:y', async () => 'http_503', judge)).resolves.toEqual({ kind: 'ran', value: 'http_503' });
    expect(gates.isOpen('endpoint:y')).toBe(true);
    await expect(gates.run('endpoint:y', async () => 'ok', judge)).resolves.toMatchObject({ kind: 'deferred', reason: 'breaker' });
  });

  it('does not count a refused destination as a failure of the receiver', async () => {
    gates = new DestinationGates({ concurrency: 4, failuresToOpen: 2, resetMs: 1_000 });
    for (let i = 0; i < 5; i += 1) await gates.run('callback:https://x.example', async () => 'refused', judge);
    expect(gates.isOpen('callback:https://x.example')).toBe(false);
  });
});
