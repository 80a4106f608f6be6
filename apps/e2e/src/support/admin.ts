import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

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
