import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiMode } from '@lipa/contracts';

/**
 * API secrets are 256-bit random tokens, so a keyed SHA-256 (HMAC with a server-side pepper) is
 * enough to store them: checking one costs microseconds, unlike argon2 (docs/design.md §5). A leaked
 * table alone does not let anyone test guesses without the pepper.
 */
const SECRET_PATTERN = /^sk_(test|live)_[A-Za-z0-9_-]{43}$/;
const API_KEY_PATTERN = /^ak_(test|live)_[A-Za-z0-9_-]{22}$/;

export function generateApiKey(mode: ApiMode): string {
  return `ak_${mode}_${randomBytes(16).toString('base64url')}`;
}

/** `sk_test_`/`sk_live_` + 32 random bytes in base64url (43 characters). Shown to the merchant once. */
export function generateApiSecret(mode: ApiMode): string {
  return `sk_${mode}_${randomBytes(32).toString('base64url')}`;
}

export function generateId(prefix: 'mch' | 'key' | 'pa'): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

/** Opaque bearer tokens (sessions `sess_…`, OAuth `oat_…`): 256 random bits. */
export function generateToken(prefix: 'sess_' | 'oat_'): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function keyedHash(value: string, pepper: string): string {
  return createHmac('sha256', pepper).update(value, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex digests. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

export function modeOfSecret(secret: string): ApiMode | null {
  const match = SECRET_PATTERN.exec(secret);
  return match ? (match[1] as ApiMode) : null;
}

export function looksLikeApiKey(value: string): boolean {
  return API_KEY_PATTERN.test(value);
}

export function maskSecret(mode: ApiMode, last4: string): string {
  return `sk_${mode}_****${last4}`;
}

/** Non-secret fingerprint for logs and Redis keys of values that are not themselves stored. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
