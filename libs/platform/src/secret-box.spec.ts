import { randomBytes } from 'node:crypto';
import { SecretBox, SecretBoxError, keyRingProblem } from './secret-box';

const hex = () => randomBytes(32).toString('hex');

describe('SecretBox (AES-256-GCM under a key ring)', () => {
  it('round-trips without the plaintext in the sealed value, with a fresh nonce each time', () => {
    const box = SecretBox.fromKeyRing(`k1:${hex()}`);
    const sealed = box.seal('consumer-secret-value', 'mch_1');
    expect(sealed).toMatch(/^v2:k1:/);
    expect(sealed).not.toContain('consumer-secret-value');
    expect(box.open(sealed, 'mch_1')).toBe('consumer-secret-value');
    expect(box.seal('consumer-secret-value', 'mch_1')).not.toBe(sealed);
  });

  it('seals with the first key and still opens values sealed under an older one (rotation)', () => {
    const oldKey = hex();
    const before = SecretBox.fromKeyRing(`old:${oldKey}`);
    const sealedBefore = before.seal('s3cret');
    const rotated = SecretBox.fromKeyRing(`new:${hex()},old:${oldKey}`);
    expect(rotated.open(sealedBefore)).toBe('s3cret');
    expect(rotated.needsResealing(sealedBefore)).toBe(true);
    const sealedAfter = rotated.seal('s3cret');
    expect(sealedAfter).toMatch(/^v2:new:/);
    expect(rotated.needsResealing(sealedAfter)).toBe(false);
  });

  it.each([
    ['another owner', (s: string) => s, 'mch_2'],
    ['a flipped ciphertext byte', (s: string) => s.slice(0, -2) + (s.at(-2) === 'A' ? 'B' : 'A') + s.at(-1), 'mch_1'],
    ['an unknown key id', (s: string) => s.replace(':k1:', ':k9:'), 'mch_1'],
    ['garbage', () => 'not-sealed', 'mch_1'],
  ])('refuses to open a value with %s', (_, tamper, aad) => {
    const box = SecretBox.fromKeyRing(`k1:${hex()}`);
    const sealed = box.seal('passkey', 'mch_1');
    expect(() => box.open(tamper(sealed), aad)).toThrow(SecretBoxError);
  });

  it.each([
    ['', 'at least one key'],
    ['k1', 'id:key'],
    ['k1:abcd', '32 bytes'],
    [`k 1:${'a'.repeat(64)}`, 'Key id'],
    [`k1:${'a'.repeat(64)},k1:${'b'.repeat(64)}`, 'unique'],
  ])('names the problem with key ring %p without printing a key', (ring, problem) => {
    const message = keyRingProblem(ring);
    expect(message).toContain(problem);
    expect(message).not.toContain('aaaa');
  });
});
