/**
 * Starts the whole Lipa stack as separate processes (the six services and daraja-sim), each from its
 * TypeScript source through @swc-node/register, and waits until every one answers /health/ready.
 * Used by `npm start` (scripts/dev.ts), the end-to-end tests and the benchmark.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';

export const SERVICES = ['daraja-sim', 'callback-ingest', 'stk-service', 'ledger-service', 'webhook-dispatcher', 'b2c-payout-service', 'api-gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const DEFAULT_PORTS: Record<ServiceName, number> = {
  'api-gateway': 3000,
  'callback-ingest': 3001,
  'stk-service': 3002,
  'b2c-payout-service': 3003,
  'ledger-service': 3004,
  'webhook-dispatcher': 3005,
  'daraja-sim': 4010,
};

export interface StackOptions {
  databaseUrl: string;
  amqpUrl: string;
  redisUrl: string;
  amqpPrefix?: string;
  redisKeyPrefix?: string;
  /** Port 0 picks free ports (tests); otherwise docs/design.md's defaults. */
  ports?: Partial<Record<ServiceName, number>> | 'free';
  logLevel?: string;
  prettyLogs?: boolean;
  /** Extra variables per service, e.g. short retry schedules in tests. */
  env?: Partial<Record<ServiceName | 'all', Record<string, string>>>;
  /** Where each service's output goes; defaults to this process's stdout with a name prefix. */
  onOutput?: (service: ServiceName, line: string) => void;
  readyTimeoutMs?: number;
}

export interface RunningStack {
  urls: Record<ServiceName, string>;
  processes: Map<ServiceName, ChildProcess>;
  /** Kills one service's process (SIGKILL by default: a crash, nothing flushed) and waits for it to exit. */
  kill(service: ServiceName, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a stopped service again on its port and waits until it is ready. */
  restart(service: ServiceName): Promise<void>;
  stop(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '..');

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

/** Creates the stack's database if it is missing; each service then creates and migrates its own schema. */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}

async function waitReady(service: ServiceName, url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${service} exited with code ${child.exitCode} while starting`);
    try {
      const response = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${service} was not ready at ${url}/health/ready within ${timeoutMs} ms`);
}

export async function startStack(options: StackOptions): Promise<RunningStack> {
  await ensureDatabase(options.databaseUrl);
  const ports = {} as Record<ServiceName, number>;
  for (const service of SERVICES) {
    ports[service] = options.ports === 'free' ? await freePort() : (options.ports?.[service] ?? DEFAULT_PORTS[service]);
  }
  const urls = Object.fromEntries(SERVICES.map((s) => [s, `http://127.0.0.1:${ports[s]}`])) as Record<ServiceName, string>;
  const common: Record<string, string> = {
    DATABASE_URL: options.databaseUrl,
    AMQP_URL: options.amqpUrl,
    REDIS_URL: options.redisUrl,
    AMQP_PREFIX: options.amqpPrefix ?? '',
    REDIS_KEY_PREFIX: options.redisKeyPrefix ?? 'lipa:',
    LOG_LEVEL: options.logLevel ?? 'info',
    LOG_PRETTY: String(options.prettyLogs ?? false),
    HOST: '127.0.0.1',
  };
  const wiring: Record<ServiceName, Record<string, string>> = {
    'daraja-sim': {},
    'callback-ingest': {},
    'stk-service': { DARAJA_TEST_BASE_URL: urls['daraja-sim'], CALLBACK_BASE_URL: urls['callback-ingest'] },
    'ledger-service': {},
    'webhook-dispatcher': {},
    'b2c-payout-service': {},
    'api-gateway': {},
  };
  const write = options.onOutput ?? ((service: ServiceName, line: string) => process.stdout.write(`${service.padEnd(18)} | ${line}\n`));
  const processes = new Map<ServiceName, ChildProcess>();

  const stop = async (): Promise<void> => {
    await Promise.all(
      [...processes.values()].map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await once(child, 'exit');
        clearTimeout(timer);
      }),
    );
  };

  const launch = (service: ServiceName): ChildProcess => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join('apps', service, 'src', 'main.ts')], {
      cwd: ROOT,
      env: { ...process.env, ...common, PORT: String(ports[service]), ...wiring[service], ...options.env?.all, ...options.env?.[service] },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    processes.set(service, child);
    for (const stream of [child.stdout, child.stderr]) {
      let buffered = '';
      stream?.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) if (line) write(service, line);
      });
    }
    return child;
  };
  const readyTimeoutMs = options.readyTimeoutMs ?? 90_000;

  const kill = async (service: ServiceName, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> => {
    const child = processes.get(service);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    await exited;
  };

  const restart = async (service: ServiceName): Promise<void> => {
    await kill(service, 'SIGTERM');
    await waitReady(service, urls[service], launch(service), readyTimeoutMs);
  };

  for (const service of SERVICES) launch(service);
  try {
    await Promise.all(SERVICES.map((service) => waitReady(service, urls[service], processes.get(service) as ChildProcess, readyTimeoutMs)));
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls, processes, kill, restart, stop };
}
