import type { CookieOptions } from 'express';

export const SESSION_COOKIE = 'lipa_session';

/** HttpOnly so page scripts cannot read it, SameSite=Lax against cross-site posts, Secure when served over HTTPS. */
export function sessionCookieOptions(secure: boolean, maxAgeMs?: number): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/', ...(maxAgeMs !== undefined ? { maxAge: maxAgeMs } : {}) };
}
