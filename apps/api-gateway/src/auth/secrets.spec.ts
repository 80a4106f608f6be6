import { generateApiKey, generateApiSecret, generateToken, keyedHash, looksLikeApiKey, maskSecret, modeOfSecret, sameDigest } from './secrets';

const PEPPER = 'a-test-pepper-that-is-long-enough-000';

describe('API key and secret generation', () => {
  it.each(['test', 'live'] as const)('makes %s secrets of prefix + 32 random bytes in base64url', (mode) => {
    const secret = generateApiSecret(mode);
    expect(secret).toMatch(new RegExp(`^sk_${mode}_[A-Za-z0-9_-]{43}$`));
    expect(Buffer.from(secret.slice(`sk_${mode}_`.length), 'base64url')).toHaveLength(32);
    expect(modeOfSecret(secret)).toBe(mode);
  });

  it('never makes the same secret, key or token twice', () => {
    const secrets = new Set(Array.from({ length: 200 }, () => generateApiSecret('test')));
    const keys = new Set(Array.from({ length: 200 }, () => generateApiKey('live')));
    const tokens = new Set(Array.from({ length: 200 }, () => generateToken('oat_')));
    expect(secrets.size).toBe(200);
    expect(keys.size).toBe(200);
    expect(tokens.size).toBe(200);
  });

  it('makes public keys ak_<mode>_ that are recognised as keys and not as secrets', () => {
    const key = generateApiKey('test');
    expect(key).toMatch(/^ak_test_/);
    expect(looksLikeApiKey(key)).toBe(true);
    expect(modeOfSecret(key)).toBeNull();
  });

  it.each(['', 'sk_test_short', 'sk_prod_' + 'a'.repeat(43), 'Bearer sk_test_x', 'ak_test_' + 'a'.repeat(43)])('does not take %p for a secret', (value) =>
    expect(modeOfSecret(value)).toBeNull(),
  );
});

describe('secret hashing', () => {
  it('is a keyed SHA-256: same secret and pepper give the same digest, another pepper another', () => {
    const secret = generateApiSecret('test');
    const digest = keyedHash(secret, PEPPER);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(keyedHash(secret, PEPPER)).toBe(digest);
    expect(keyedHash(secret, PEPPER + 'x')).not.toBe(digest);
    expect(digest).not.toContain(secret.slice(8, 20));
  });

  it('compares digests in constant time and only equal ones match', () => {
    const a = keyedHash('one', PEPPER);
    const b = keyedHash('two', PEPPER);
    expect(sameDigest(a, a)).toBe(true);
    expect(sameDigest(a, b)).toBe(false);
    expect(sameDigest(a, a.slice(0, 10))).toBe(false);
    expect(sameDigest('', '')).toBe(false);
  });

  it('masks a secret down to its mode and last four characters', () => {
    expect(maskSecret('live', 'Ab9_')).toBe('sk_live_****Ab9_');
  });
});
