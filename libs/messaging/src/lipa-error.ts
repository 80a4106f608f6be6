// LipaError is @lipa/platform's. Remote errors are recognised by shape (string code + numeric
// status), not instanceof, so a handler throwing any LipaError-like error is mapped faithfully.
export { LipaError } from '@lipa/platform';

export function isLipaErrorShape(err: unknown): err is Error & { code: string; status: number; details?: Record<string, unknown> } {
  return err instanceof Error && typeof (err as { code?: unknown }).code === 'string' && typeof (err as { status?: unknown }).status === 'number';
}
