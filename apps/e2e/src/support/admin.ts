import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ApiClient } from './lipa-stack';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/**
 * The first admin, made the way an operator makes one: scripts/create-admin.ts against the stack's
 * database (apps/api-gateway/README.md). There is no HTTP route that makes an admin, by design.
 */
export async function createAdmin(databaseUrl: string, input: { username: string; email: string; password: string }): Promise<void> {
  await promisify(execFile)(
    process.execPath,
    ['-r', '@swc-node/register', path.join('scripts', 'create-admin.ts'), '--username', input.username, '--email', input.email, '--password', input.password],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl, ARGON2_MEMORY_KIB: '4096', LOG_LEVEL: 'warn' }, timeout: 60_000 },
  );
}

/**
 * An admin's portal session headers: the admin made by createAdmin above, then logged in over HTTP
 * like any user (admin routes take a session only).
 */
export async function adminSession(api: ApiClient, databaseUrl: string, label = 'admin'): Promise<Record<string, string>> {
  const suffix = Math.random().toString(36).slice(2, 8);
  const username = `${label}_${suffix}`;
  const password = 'a long admin password for e2e';
  await createAdmin(databaseUrl, { username, email: `${username}@example.com`, password });
  const login = await api.call('POST', '/v1/auth/login', { body: { username, password } });
  if (login.status !== 200) throw new Error(`admin log-in: HTTP ${login.status} ${JSON.stringify(login.body)}`);
  return { authorization: `Bearer ${login.body.token}` };
}
