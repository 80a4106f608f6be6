import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { securityCredential } from './security-credential';

describe('securityCredential', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

  const keyDir = mkdtempSync(join(tmpdir(), 'seccred-key-'));
  const keyPath = join(keyDir, 'key.pem');
  writeFileSync(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  afterAll(() => rmSync(keyDir, { recursive: true, force: true }));

  // Node 20 refuses PKCS#1 v1.5 private decryption (CVE-2023-46809), so the test decrypts with openssl, as Safaricom would.
  function decrypt(credential: string): string {
    return execFileSync('openssl', ['pkeyutl', '-decrypt', '-inkey', keyPath, '-pkeyopt', 'rsa_padding_mode:pkcs1'], {
      input: Buffer.from(credential, 'base64'),
    }).toString('utf8');
  }

  it('encrypts the password with PKCS#1 v1.5 so the private key recovers it; 2048-bit keys give 344 base64 characters', () => {
    const credential = securityCredential('Safaricom999!*!', publicPem);
    expect(credential).toHaveLength(344);
    expect(decrypt(credential)).toBe('Safaricom999!*!');
  });

  it('is randomised: the same password gives a different credential each time, both decrypting to it', () => {
    const first = securityCredential('Safaricom999!*!', publicPem);
    const second = securityCredential('Safaricom999!*!', publicPem);
    expect(first).not.toBe(second);
    expect(decrypt(second)).toBe('Safaricom999!*!');
  });

  it('takes an X.509 certificate PEM, as Safaricom ships its keys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seccred-'));
    try {
      execFileSync('openssl', ['req', '-new', '-x509', '-key', keyPath, '-subj', '/CN=sim', '-days', '1', '-out', join(dir, 'cert.pem')]);
      const certificatePem = readFileSync(join(dir, 'cert.pem'), 'utf8');
      expect(new X509Certificate(certificatePem).subject).toContain('CN=sim');
      expect(decrypt(securityCredential('362reset', certificatePem))).toBe('362reset');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an empty password and a PEM that is not a key or certificate', () => {
    expect(() => securityCredential('', publicPem)).toThrow(TypeError);
    expect(() => securityCredential('pw', 'not a pem')).toThrow();
  });
});
