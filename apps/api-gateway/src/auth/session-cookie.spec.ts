import { sessionCookieOptions } from './session-cookie';

describe('the portal session cookie', () => {
  it('is HttpOnly and SameSite=Lax on the whole site, Secure only when configured', () => {
    expect(sessionCookieOptions(false, 60_000)).toEqual({ httpOnly: true, sameSite: 'lax', secure: false, path: '/', maxAge: 60_000 });
    expect(sessionCookieOptions(true).secure).toBe(true);
    expect(sessionCookieOptions(true)).not.toHaveProperty('maxAge');
  });
});
