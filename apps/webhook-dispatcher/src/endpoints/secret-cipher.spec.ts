import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { decryptSecret, encryptSecret, newWebhookSecret, parseEncryptionKey } from './secret-cipher';

describe('webhook secrets', () => {
  const key = randomBytes(32);

  it('makes whsec_ secrets of 24 random bytes that standardwebhooks accepts', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(24);
    expect(() => new Webhook(secret)).not.toThrow();
    expect(newWebhookSecret()).not.toBe(secret);
  });

  it('round-trips through AES-256-GCM without storing the plaintext', () => {
    const secret = newWebhookSecret();
    const stored = encryptSecret(key, secret);
    expect(stored).not.toContain(secret.slice(6));
    expect(stored.startsWith('v1:')).toBe(true);
    expect(decryptSecret(key, stored)).toBe(secret);
    expect(encryptSecret(key, secret)).not.toBe(stored); // a fresh nonce each time
  });

  it('refuses a value encrypted under another key or tampered with', () => {
    const stored = encryptSecret(key, 'whsec_abc');
    expect(() => decryptSecret(randomBytes(32), stored)).toThrow();
    const parts = stored.split(':');
    const flipped = Buffer.from(parts[3], 'base64');
    flipped[0] ^= 1;
    expect(() => decryptSecret(key, [parts[0], parts[1], parts[2], flipped.toString('base64')].join(':'))).toThrow();
  });

  it.each([
    ['hex', 'ab'.repeat(32)],
    ['base64', randomBytes(32).toString('base64')],
  ])('reads a 32-byte key given as %s', (_form, text) => {
    expect(parseEncryptionKey(text)).toHaveLength(32);
  });

  it('refuses a key of the wrong length', () => {
    expect(() => parseEncryptionKey(randomBytes(16).toString('base64'))).toThrow();
  });
});
