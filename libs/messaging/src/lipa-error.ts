// libs/platform had no LipaError yet when this lib was written (its index.ts was a placeholder),
// so the minimal shape lives here. Swap this file for a re-export from @lipa/platform once it exists.
// Remote errors are recognised by shape (code + status), not instanceof, so handlers throwing the
// platform's LipaError are mapped correctly either way.
export abstract class LipaError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;

  constructor(message?: string) {
    super(message);
    this.name = new.target.name;
  }
}

export function isLipaErrorShape(err: unknown): err is Error & { code: string; status: number } {
  return (
    err instanceof Error &&
    typeof (err as { code?: unknown }).code === 'string' &&
    typeof (err as { status?: unknown }).status === 'number'
  );
}
