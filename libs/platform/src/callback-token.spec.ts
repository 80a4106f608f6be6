import { signCallbackToken, verifyCallbackToken } from './callback-token';

const SECRET = 'a-test-secret-that-is-long-enough-123';

describe('callback tokens', () => {
  const token = signCallbackToken(SECRET, 'stk', 'txn_abc123');

  it.each([
    ['the token it made', token, 'txn_abc123'],
    ['a token for another id with this MAC', token.replace('txn_abc123', 'txn_abc124'), null],
    ['a token with one MAC character changed', token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'), null],
    ['a bare id', 'txn_abc123', null],
    ['an empty string', '', null],
    ['path traversal', '../etc.passwd', null],
  ])('verifies %s → %p', (_label, candidate, expected) => {
    expect(verifyCallbackToken(SECRET, 'stk', candidate)).toBe(expected);
  });

  it('does not accept a token made for another kind of callback', () => {
    expect(verifyCallbackToken(SECRET, 'b2c', token)).toBeNull();
  });

  it('does not accept a token made with another secret', () => {
    expect(verifyCallbackToken('another-secret-that-is-long-enough-456', 'stk', token)).toBeNull();
  });
});
