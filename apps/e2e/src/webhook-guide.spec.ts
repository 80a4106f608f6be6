import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * docs/webhooks.md shows the verification code inline; the files in docs/webhooks/ are what the e2e suite
 * runs on real deliveries. Every code line the guide shows must be in its file, so the two never drift.
 */
const ROOT = path.resolve(__dirname, '../../..');
const guide = readFileSync(path.join(ROOT, 'docs/webhooks.md'), 'utf8');
const FILES: Record<string, string> = { js: 'docs/webhooks/verify-node.mjs', php: 'docs/webhooks/verify.php', python: 'docs/webhooks/verify.py' };

function blocks(language: string): string[] {
  return [...guide.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
}

describe('docs/webhooks.md and its snippet files', () => {
  it.each(Object.entries(FILES))('shows %s code that is in %s', (language, file) => {
    const source = readFileSync(path.join(ROOT, file), 'utf8')
      .split('\n')
      .map((line) => line.trim());
    const shown = blocks(language)
      .flatMap((block) => block.split('\n'))
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('//') && !line.startsWith('#'));
    expect(shown.length).toBeGreaterThan(2);
    expect(shown.filter((line) => !source.includes(line))).toEqual([]);
  });

  it('links every snippet file', () => {
    for (const file of Object.values(FILES)) expect(guide).toContain(`(${file.replace('docs/', '')})`);
  });
});
