import type { ApiMode } from '@lipa/contracts';
import type { CredentialRow } from '../auth/credentials.repository';
import { maskSecret } from '../auth/secrets';

/** A merchant rarely needs more; the cap keeps a leaked session from minting keys without end. */
export const MAX_ACTIVE_KEYS = 25;

export interface ApiKeyView {
  id: string;
  label: string | null;
  mode: ApiMode;
  api_key: string;
  /** The secret's prefix and last four characters: enough to recognise it, never to use it. */
  prefix: string;
  last4: string;
  api_secret: string;
  status: 'active' | 'revoked';
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export function apiKeyView(c: CredentialRow): ApiKeyView {
  return {
    id: c.id,
    label: c.label,
    mode: c.mode,
    api_key: c.api_key,
    prefix: `sk_${c.mode}_`,
    last4: c.secret_last4,
    api_secret: maskSecret(c.mode, c.secret_last4),
    status: c.revoked_at ? 'revoked' : 'active',
    created_at: c.created_at.toISOString(),
    last_used_at: c.last_used_at?.toISOString() ?? null,
    revoked_at: c.revoked_at?.toISOString() ?? null,
  };
}
