import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for secrets a service must read back (webhook signing secrets, merchants' Daraja app
 * credentials), under a key ring so keys can be rotated: values are sealed with the first key and
 * opened with whichever key id they name. Stored as `v2:<key id>:<iv>:<tag>:<ciphertext>` (base64).
 *
 * `aad` binds a value to its owner (e.g. the merchant id): a sealed value copied onto another row
 * fails to open. A tampered value fails too, GCM's tag sees to that.
 */
export class SecretBox {
  private readonly keys: Map<string, Buffer>;
  private readonly currentKeyId: string;

  constructor(keys: { id: string; key: Buffer }[]) {
    if (keys.length === 0) throw new Error('A SecretBox needs at least one key');
    for (const { id, key } of keys) {
      if (!KEY_ID.test(id)) throw new Error(`Key id ${JSON.stringify(id)} must be 1-32 letters, digits, "_" or "-"`);
      if (key.length !== 32) throw new Error(`Key ${id} must be 32 bytes`);
    }
    this.keys = new Map(keys.map(({ id, key }) => [id, key]));
    if (this.keys.size !== keys.length) throw new Error('Key ids must be unique');
    this.currentKeyId = keys[0].id;
  }

  /** `id:key,id:key,…` (the first seals; the others only open), each key 64 hex characters or base64 of 32 bytes. */
  static fromKeyRing(ring: string): SecretBox {
    return new SecretBox(parseKeyRing(ring));
  }

  get keyId(): string {
    return this.currentKeyId;
  }

  seal(plaintext: string, aad = ''): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId) as Buffer, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, this.currentKeyId, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':');
  }

  open(sealed: string, aad = ''): string {
    const [version, keyId, iv, tag, ciphertext, extra] = sealed.split(':');
    if (version !== VERSION || !keyId || !iv || !tag || ciphertext === undefined || extra !== undefined) throw new SecretBoxError('Unrecognised sealed value');
    const key = this.keys.get(keyId);
    if (!key) throw new SecretBoxError(`Sealed with key ${keyId}, which is not in the key ring`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError('Sealed value does not open: tampered, another owner, or another key');
    }
  }

  /** Whether a value was sealed with an older key and should be sealed again (rotation). */
  needsResealing(sealed: string): boolean {
    return sealed.split(':')[1] !== this.currentKeyId;
  }
}

export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

const VERSION = 'v2';
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** 32 bytes as 64 hex characters or base64. */
export function parseAes256Key(text: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error('An AES-256 key must be 32 bytes (64 hex characters or base64)');
  return key;
}

export function parseKeyRing(ring: string): { id: string; key: Buffer }[] {
  return ring
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf(':');
      if (at <= 0) throw new Error('Each key ring entry is id:key');
      return { id: entry.slice(0, at), key: parseAes256Key(entry.slice(at + 1)) };
    });
}

/** For config validation: a key ring that parses (message names the problem, never the key). */
export function keyRingProblem(ring: unknown): string | null {
  if (typeof ring !== 'string') return 'must be a string';
  try {
    new SecretBox(parseKeyRing(ring));
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
