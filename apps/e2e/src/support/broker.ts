import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Stops and starts the local RabbitMQ node's application (the Erlang VM keeps running, like a broker
 * restart). Only tests that run alone call this: every other suite on the machine loses its broker too.
 */
export const broker = {
  stop: () => run('rabbitmqctl', ['stop_app'], { timeout: 60_000 }).then(() => undefined),
  start: () => run('rabbitmqctl', ['start_app'], { timeout: 60_000 }).then(() => undefined),
  async await_running(): Promise<void> {
    await run('rabbitmqctl', ['await_startup'], { timeout: 60_000 });
  },
};
