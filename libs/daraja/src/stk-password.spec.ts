import { darajaTimestamp, sha256Hex, stkPassword } from './stk-password';

describe('darajaTimestamp', () => {
  it.each([
    ['2026-11-24T21:05:09.000Z', '20261125000509'],
    ['2024-07-10T06:15:26.999Z', '20240710091526'],
    ['2025-12-31T20:59:59.000Z', '20251231235959'],
    ['2025-12-31T21:00:00.000Z', '20260101000000'],
  ])('formats %p in Nairobi time as %p', (iso, expected) => {
    expect(darajaTimestamp(new Date(iso))).toBe(expected);
  });
});

describe('stkPassword', () => {
  it('is base64 of shortcode + passkey + timestamp, as Safaricom documents it', () => {
    const passkey = 'bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919';
    const password = stkPassword(174379, passkey, '20160216165627');
    // The sample password from Safaricom's 2017 STK documentation.
    expect(password).toBe('MTc0Mzc5YmZiMjc5ZjlhYTliZGJjZjE1OGU5N2RkNzFhNDY3Y2QyZTBjODkzMDU5YjEwZjc4ZTZiNzJhZGExZWQyYzkxOTIwMTYwMjE2MTY1NjI3');
    expect(Buffer.from(password, 'base64').toString()).toBe(`174379${passkey}20160216165627`);
  });

  it('gives the same result for a numeric or string shortcode', () => {
    expect(stkPassword('174379', 'k', '1')).toBe(stkPassword(174379, 'k', '1'));
  });
});

describe('sha256Hex', () => {
  it('hashes to 64 hex characters', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
