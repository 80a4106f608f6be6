/**
 * CI housekeeping: deletes queues that interrupted test runs left behind. Test prefixes come from
 * testPrefix() in @lipa/testing: a short label, 8 hex digits and a dot, e.g. `stk3f9a01bc.lipa.stk-service.events`.
 */
import { execFileSync } from 'node:child_process';
import { deleteQueuesWithPrefix } from '../libs/testing/src/broker-cleanup';

async function main(): Promise<void> {
  const listing = execFileSync('rabbitmqctl', ['-q', 'list_queues', 'name', '--no-table-headers'], { encoding: 'utf8' });
  const prefixes = new Set(
    listing
      .split('\n')
      .map((name) => /^([a-z0-9_-]*?[0-9a-f]{8}\.)lipa\./.exec(name.trim())?.[1])
      .filter((prefix): prefix is string => Boolean(prefix)),
  );
  let deleted = 0;
  for (const prefix of prefixes) deleted += await deleteQueuesWithPrefix(prefix);
  process.stdout.write(`[ci] deleted ${deleted} leftover test queues\n`);
}

void main();
