/**
 * Runs every service and the Daraja simulator on docs/design.md's default ports against the local
 * Postgres (database `lipa`), RabbitMQ and Redis, with readable logs, until Ctrl-C.
 */
import { DEFAULT_PORTS, startStack } from './stack';

async function main(): Promise<void> {
  const stack = await startStack({
    databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/lipa',
    amqpUrl: process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    prettyLogs: process.env.LOG_PRETTY !== 'false',
    logLevel: process.env.LOG_LEVEL ?? 'info',
    env: {
      // Webhooks go to public addresses, and on this machine only to the receivers listed: port 8080 (README.md's
      // curl example) and 8081 (`npm run demo`'s receiver). List your own as host:port in WEBHOOK_ALLOWED_PRIVATE_TARGETS.
      'webhook-dispatcher': { WEBHOOK_ALLOWED_PRIVATE_TARGETS: process.env.WEBHOOK_ALLOWED_PRIVATE_TARGETS ?? '127.0.0.1:8080,localhost:8080,127.0.0.1:8081' },
      'daraja-sim': { SIM_CALLBACK_DELAY_MS: process.env.SIM_CALLBACK_DELAY_MS ?? '1000' },
    },
  });
  const lines = Object.entries(stack.urls).map(([service, url]) => `  ${service.padEnd(20)} ${url}`);
  process.stdout.write(
    [
      '',
      'Lipa Gateway is up:',
      ...lines,
      '',
      `Try a payment:  npm run demo        (or the curl calls in README.md against http://127.0.0.1:${DEFAULT_PORTS['api-gateway']})`,
      'Stop with Ctrl-C.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nstopping…\n');
    void stack.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  for (const [service, child] of stack.processes) {
    child.on('exit', (code, signal) => {
      if (!stopping) process.stderr.write(`${service} exited (${code ?? signal}); stopping the stack\n`);
      shutdown();
    });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
