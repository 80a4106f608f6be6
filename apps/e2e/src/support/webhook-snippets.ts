import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../../..');

/** The verification snippets of docs/webhooks.md, each run as the CLI it also is. */
export const SNIPPETS = {
  node: { command: process.execPath, file: 'docs/webhooks/verify-node.mjs' },
  php: { command: 'php', file: 'docs/webhooks/verify.php' },
  python: { command: 'python3', file: 'docs/webhooks/verify.py' },
} as const;
export type SnippetLanguage = keyof typeof SNIPPETS;
export const SNIPPET_LANGUAGES = Object.keys(SNIPPETS) as SnippetLanguage[];

export interface SnippetVerdict {
  valid: boolean;
  output: string;
}

/**
 * Runs one snippet on a request (headers and the body's exact bytes) with the secret in LIPA_WEBHOOK_SECRET:
 * exit 0 is valid, exit 1 is invalid. A missing interpreter (php not installed) throws: the test fails, never skips.
 */
export async function runSnippet(
  language: SnippetLanguage,
  secret: string,
  request: { headers: Record<string, string>; raw: Buffer },
): Promise<SnippetVerdict> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lipa-webhook-'));
  const file = path.join(dir, 'request.json');
  try {
    await writeFile(file, JSON.stringify({ headers: request.headers, body_base64: request.raw.toString('base64') }));
    const { command, file: snippet } = SNIPPETS[language];
    return await new Promise<SnippetVerdict>((resolve, reject) => {
      execFile(
        command,
        [path.join(ROOT, snippet), file],
        { cwd: ROOT, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LIPA_WEBHOOK_SECRET: secret }, timeout: 30_000 },
        (error, stdout, stderr) => {
          const output = `${stdout}${stderr}`.trim();
          if (!error) return resolve({ valid: true, output });
          if (typeof error.code === 'number' && error.code === 1) return resolve({ valid: false, output });
          const hint = error.code === 'ENOENT' ? ` (${command} is not installed; .ci/run installs php-cli)` : '';
          reject(new Error(`${language} snippet did not run${hint}: ${error.message}\n${output}`));
        },
      );
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
