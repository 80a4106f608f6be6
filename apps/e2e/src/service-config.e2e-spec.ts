import { spawn } from 'node:child_process';
import path from 'node:path';
import { SERVICES } from '../../../scripts/stack';

const ROOT = path.resolve(__dirname, '../../..');

function startWith(service: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join('apps', service, 'src', 'main.ts')], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stderr });
    });
  });
}

describe('every service validates its environment at start', () => {
  it.each(SERVICES)('%s exits with a message naming each bad variable, and no stack trace', async (service) => {
    const { code, stderr } = await startWith(service, { PORT: 'eighty', AMQP_URL: 'http://not-amqp', LOG_LEVEL: 'chatty' });
    expect(code).toBe(1);
    expect(stderr).toContain(`[${service}] Invalid configuration`);
    expect(stderr).toMatch(/- PORT: .*"eighty"/);
    expect(stderr).toContain('AMQP_URL must be an amqp:// URL');
    expect(stderr).toMatch(/- LOG_LEVEL: /);
    expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  });

  it('masks secrets it refuses', async () => {
    const { code, stderr } = await startWith('stk-service', { CALLBACK_TOKEN_SECRET: 'too-short-secret' });
    expect(code).toBe(1);
    expect(stderr).toContain('CALLBACK_TOKEN_SECRET');
    expect(stderr).not.toContain('too-short-secret');
  });
});
