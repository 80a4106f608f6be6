/**
 * Retries an assertion until it passes or the deadline runs out, then throws its last error.
 * Tests wait for asynchronous effects with this, never with a fixed sleep.
 */
export async function eventually<T>(assertion: () => T | Promise<T>, { timeoutMs = 10_000, intervalMs = 50 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await assertion();
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
  throw lastError ?? new Error(`eventually: timed out after ${timeoutMs} ms`);
}
