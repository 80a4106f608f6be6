import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { connect } from 'amqplib';
import { infra } from './infra';

const run = promisify(execFile);

/**
 * Deletes the queues a suite declared under its prefix. Quorum queues outlive their connections, so
 * without this every run would leave a few dozen behind on the shared broker. Names come from
 * `rabbitmqctl list_queues` (there is no management API here); deletion goes over AMQP, which is fast.
 */
export async function deleteQueuesWithPrefix(prefix: string): Promise<number> {
  if (!prefix) throw new Error('refusing to delete queues without a prefix');
  let names: string[];
  try {
    const { stdout } = await run('rabbitmqctl', ['-q', 'list_queues', 'name', '--no-table-headers'], { timeout: 30_000 });
    names = stdout
      .split('\n')
      .map((line) => line.trim())
      .filter((name) => name.startsWith(prefix));
  } catch {
    return 0; // no rabbitmqctl (a remote broker): leave the queues
  }
  if (names.length === 0) return 0;
  const connection = await connect(infra.amqpUrl);
  try {
    for (const name of names) {
      const channel = await connection.createChannel();
      channel.on('error', () => undefined);
      await channel.deleteQueue(name).catch(() => undefined);
      await channel.close().catch(() => undefined);
    }
  } finally {
    await connection.close();
  }
  return names.length;
}
