/**
 * Webhook deliveries per second from webhook-dispatcher (its own process, real Postgres and RabbitMQ) to a
 * local receiver that answers 204 at once (its own process), side by side in the same run with a bare HTTP
 * POST loop from one Node process to the same receiver at the same concurrency: the ceiling. Prints both
 * and the ratio; no assertions. `npm run bench:webhooks` (also part of `npm run bench`).
 *
 *   BENCH_WEBHOOKS=3000 BENCH_WEBHOOK_CONCURRENCY=4 npm run bench:webhooks
 *
 * The dispatcher is driven as in production: payment.completed events (PaymentCompletedV1 wire format,
 * docs/design.md §2) published to the prefixed lipa.events, one endpoint subscribed. Each delivery is
 * the whole path: the event consumer's inbox transaction creates the delivery and its outbox command,
 * the relay publishes it, the delivery lane signs and POSTs the stored bytes and records the attempt.
 * The concurrency is the dispatcher's per-destination limit (WEBHOOK_DESTINATION_CONCURRENCY, default 4):
 * one endpoint never gets more attempts at once, so the bare loop gets the same number of requests in flight.
 */
import * as amqplib from 'amqplib';
import { ChildProcess, fork, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import { AddressInfo, createServer as createNetServer } from 'node:net';
import { cpus } from 'node:os';
import path from 'node:path';
import { Topology } from '@lipa/messaging';
import { createTestDatabase, deleteQueuesWithPrefix, infra, testPrefix } from '@lipa/testing';

const EVENTS = Number(process.env.BENCH_WEBHOOKS ?? 3_000);
const WARM_UP = Math.min(200, EVENTS);
/** How long to wait for the last delivery: long enough to see a tail of deferred attempts, not forever. */
const DEADLINE_MS = Number(process.env.BENCH_WEBHOOK_DEADLINE_MS ?? 600_000);
const CONCURRENCY = Number(process.env.BENCH_WEBHOOK_CONCURRENCY ?? 4);
const ROOT = path.resolve(__dirname, '../../..');
const SERVICE = 'webhook-dispatcher';

// ---- The receiver: its own process, 204 at once, counting distinct webhook-ids. ----

interface ReceiverStats {
  posts: number;
  distinct: number;
  firstAt: number;
  lastAt: number;
  /** When each webhook-id first arrived, in order. */
  arrivals?: number[];
}

function runReceiver(): void {
  const ids = new Set<string>();
  const arrivals: number[] = [];
  const stats: ReceiverStats = { posts: 0, distinct: 0, firstAt: 0, lastAt: 0 };
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(204).end();
      const now = Date.now();
      stats.posts += 1;
      if (!stats.firstAt) stats.firstAt = now;
      stats.lastAt = now;
      const id = req.headers['webhook-id'];
      if (typeof id === 'string' && !ids.has(id)) {
        ids.add(id);
        arrivals.push(now);
        stats.distinct = ids.size;
      }
    });
  });
  server.keepAliveTimeout = 5_000;
  process.on('message', (message: { cmd: string }) => {
    if (message.cmd === 'stats') process.send?.({ stats });
    if (message.cmd === 'arrivals') process.send?.({ stats: { ...stats, arrivals } });
    if (message.cmd === 'reset') {
      ids.clear();
      arrivals.length = 0;
      Object.assign(stats, { posts: 0, distinct: 0, firstAt: 0, lastAt: 0 });
      process.send?.({ stats });
    }
  });
  server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
}

class Receiver {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(): Promise<Receiver> {
    const child = fork(__filename, ['--receiver'], { execArgv: ['-r', '@swc-node/register'], cwd: ROOT, stdio: 'inherit' });
    const [message] = (await once(child, 'message')) as [{ port: number }];
    return new Receiver(child, `http://127.0.0.1:${message.port}`);
  }

  private ask(cmd: 'stats' | 'reset' | 'arrivals'): Promise<ReceiverStats> {
    return new Promise((resolve) => {
      this.child.once('message', (message: { stats: ReceiverStats }) => resolve(message.stats));
      this.child.send({ cmd });
    });
  }
  get pid(): number {
    return this.child.pid as number;
  }
  stats = () => this.ask('stats');
  reset = () => this.ask('reset');
  arrivals = async () => (await this.ask('arrivals')).arrivals ?? [];

  async waitForDistinct(count: number, timeoutMs: number): Promise<ReceiverStats> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const stats = await this.stats();
      if (stats.distinct >= count) return stats;
      if (Date.now() > deadline) throw new Error(`the receiver saw ${stats.distinct} of ${count} webhooks within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  async stop(): Promise<void> {
    this.child.kill('SIGTERM');
    await once(this.child, 'exit');
  }
}

// ---- The dispatcher: its own process, as scripts/stack.ts starts it. ----

async function freePort(): Promise<number> {
  const server = createNetServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  return port;
}

async function startDispatcher(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  // BENCH_WEBHOOK_PROF=<file>: the dispatcher writes V8's tick log there (`node --prof-process <file>` summarises it).
  const profile = process.env.BENCH_WEBHOOK_PROF ? ['--prof', '--no-logfile-per-isolate', `--logfile=${path.resolve(process.env.BENCH_WEBHOOK_PROF)}`] : [];
  const child = spawn(process.execPath, [...profile, '-r', '@swc-node/register', path.join('apps', SERVICE, 'src', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${SERVICE} exited with code ${child.exitCode} while starting`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(1_000) })).ok) return { child, url: `http://127.0.0.1:${port}` };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`${SERVICE} was not ready within 90 s`);
}

// ---- The broker side: an RPC to create the endpoint, and events as another service's outbox relay publishes them. ----

class Broker {
  private replies = new Map<string, (body: { ok: boolean; result?: unknown; error_code?: string; message?: string }) => void>();
  private constructor(
    private readonly conn: amqplib.ChannelModel,
    private readonly channel: amqplib.ConfirmChannel,
    private readonly topology: Topology,
  ) {}

  static async connect(prefix: string): Promise<Broker> {
    const conn = await amqplib.connect(infra.amqpUrl);
    const channel = await conn.createConfirmChannel();
    const broker = new Broker(conn, channel, new Topology(prefix));
    await channel.consume(
      'amq.rabbitmq.reply-to',
      (msg) => {
        if (!msg) return;
        const resolve = broker.replies.get(String(msg.properties.correlationId));
        broker.replies.delete(String(msg.properties.correlationId));
        resolve?.(JSON.parse(msg.content.toString('utf8')));
      },
      { noAck: true },
    );
    return broker;
  }

  /** docs/design.md §2: the envelope in AMQP properties, the payload as the JSON body; the reply by direct reply-to. */
  async request<R>(command: string, payload: unknown): Promise<R> {
    const id = randomUUID();
    const reply = new Promise<{ ok: boolean; result?: unknown; error_code?: string; message?: string }>((resolve) => this.replies.set(id, resolve));
    this.channel.publish(this.topology.commandsExchange, SERVICE, Buffer.from(JSON.stringify(payload)), {
      messageId: id,
      type: command,
      correlationId: `bench-${id}`,
      contentType: 'application/json',
      replyTo: 'amq.rabbitmq.reply-to',
      expiration: '10000',
      headers: { version: 1, occurred_at: new Date().toISOString() },
    });
    const body = await Promise.race([reply, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${command}: no reply`)), 10_000))]);
    if (!body.ok) throw new Error(`${command}: ${body.error_code} ${body.message}`);
    return body.result as R;
  }

  /** `count` payment.completed events (PaymentCompletedV1) for the merchant, with publisher confirms. */
  async publishPayments(merchantId: string, count: number, label: string): Promise<void> {
    for (let i = 0; i < count; i += 1) {
      const id = randomUUID();
      const occurredAt = new Date().toISOString();
      const payload = {
        transaction_id: `txn_${label}_${i}_${id.slice(0, 8)}`,
        merchant_id: merchantId,
        mode: 'test',
        amount_minor: String(100 * (1 + (i % 500))),
        currency: 'KES',
        phone: '254708374149',
        reference: `BENCH-${i}`,
        description: 'bench',
        checkout_request_id: `ws_CO_${Date.now()}${i}`,
        merchant_request_id: `29115-${i}`,
        created_at: occurredAt,
        result_code: '0',
        result_desc: 'The service request is processed successfully.',
        completed_at: occurredAt,
        status: 'completed',
        transaction_code: `UJ${String(i).padStart(8, '0')}`,
      };
      this.channel.publish(this.topology.eventsExchange, 'payment.completed', Buffer.from(JSON.stringify(payload)), {
        messageId: id,
        type: 'payment.completed',
        correlationId: `bench-${id}`,
        contentType: 'application/json',
        persistent: true,
        headers: { version: 1, occurred_at: occurredAt, merchant_id: merchantId },
      });
      if (i % 500 === 499) await this.channel.waitForConfirms();
    }
    await this.channel.waitForConfirms();
  }

  async close(): Promise<void> {
    await this.conn.close().catch(() => undefined);
  }
}

// ---- The ceiling: a bare POST loop from this process, same receiver, same concurrency, same kind of request. ----

async function barePostLoop(url: string, count: number, keepAlive: boolean): Promise<number> {
  const agent = new Agent({ keepAlive, maxSockets: CONCURRENCY });
  const target = new URL(`${url}/hooks`);
  const body = Buffer.from(
    JSON.stringify({
      id: randomUUID(),
      type: 'payment.completed',
      created_at: new Date().toISOString(),
      mode: 'test',
      data: { transaction_id: 'txn_x', status: 'completed', amount: 1500, currency: 'KES', phone: '254708374149', reference: 'BENCH' },
    }),
  );
  const post = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': body.length,
            'webhook-id': `bare-${keepAlive}-${i}`,
            'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
            'webhook-signature': 'v1,bare',
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 204 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await post(next++);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  return count / seconds;
}

/** lipa_webhook_deferrals_total by reason, from the dispatcher's /metrics. */
async function deferrals(metricsUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(metricsUrl)).text();
  const counts: Record<string, number> = {};
  for (const match of text.matchAll(/^lipa_webhook_deferrals_total\{reason="([a-z_]+)"\} (\d+)/gm)) counts[match[1]] = Number(match[2]);
  return counts;
}

function diff(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([reason, count]) => [reason, count - (before[reason] ?? 0)]));
}

// ---- What bounds it: CPU seconds of a process (/proc/<pid>/stat utime + stime) and of the whole machine (/proc/stat). ----

const TICKS_PER_SECOND = 100;

function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** CPU seconds so far of every process with this command name, by pid (e.g. Postgres's backends). */
function cpuSecondsByName(name: string): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === name) byPid.set(Number(entry), processCpuSeconds(Number(entry)));
    } catch {
      // gone meanwhile
    }
  }
  return byPid;
}

function machineCpu(): { busy: number; total: number } {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const numbers = values.map(Number);
  const idle = numbers[3] + numbers[4];
  const total = numbers.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** Runs `work` and reports the CPU each process used, as a share of one core, and the machine's busy share. */
async function measured<T>(
  pids: Record<string, number>,
  work: () => Promise<T>,
): Promise<{ result: T; seconds: number; cores: Record<string, number>; machine: number }> {
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, processCpuSeconds(pid)]));
  const postgresBefore = cpuSecondsByName('postgres');
  const machineBefore = machineCpu();
  const started = process.hrtime.bigint();
  const result = await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const machineAfter = machineCpu();
  const cores = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, (processCpuSeconds(pid) - before[name]) / seconds]));
  // Backends that exited meanwhile are missed; the dispatcher's pooled connections stay.
  let postgres = 0;
  for (const [pid, cpu] of cpuSecondsByName('postgres')) postgres += cpu - (postgresBefore.get(pid) ?? 0);
  cores.postgres = postgres / seconds;
  return { result, seconds, cores, machine: (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total) };
}

async function main(): Promise<void> {
  const database = await createTestDatabase('whbench');
  const prefix = testPrefix('whbench');
  const receiver = await Receiver.start();
  let dispatcher: ChildProcess | undefined;
  let broker: Broker | undefined;
  try {
    const launched = await startDispatcher({
      DATABASE_URL: database.url,
      AMQP_URL: infra.amqpUrl,
      AMQP_PREFIX: prefix,
      REDIS_URL: infra.redisUrl,
      REDIS_KEY_PREFIX: `lipa:${prefix}`,
      LOG_LEVEL: 'warn',
      WEBHOOK_ALLOWED_PRIVATE_TARGETS: '127.0.0.1',
      WEBHOOK_DESTINATION_CONCURRENCY: String(CONCURRENCY),
      WEBHOOK_DELIVERY_CONCURRENCY: String(Math.max(64, CONCURRENCY)),
    });
    dispatcher = launched.child;
    const metricsUrl = `${launched.url}/metrics`;
    broker = await Broker.connect(prefix);
    const merchantId = `mer_bench_${randomUUID().slice(0, 8)}`;
    await broker.request('webhook.endpoint.create', { merchant_id: merchantId, mode: 'test', url: `${receiver.url}/hooks`, events: ['payment.completed'] });

    // Warm-up: JIT, pools, the endpoint's breaker and limiter, the receiver.
    await broker.publishPayments(merchantId, WARM_UP, 'warm');
    await receiver.waitForDistinct(WARM_UP, DEADLINE_MS);
    await barePostLoop(receiver.url, 1_000, true);

    await receiver.reset();
    const deferralsBefore = await deferrals(metricsUrl);
    const pids = { dispatcher: dispatcher.pid as number, receiver: receiver.pid, bench: process.pid };
    const started = Date.now();
    let published = 0;
    const run = await measured(pids, async () => {
      await broker!.publishPayments(merchantId, EVENTS, 'run');
      published = Date.now();
      return receiver.waitForDistinct(EVENTS, DEADLINE_MS);
    });
    const stats = run.result;
    const arrivals = await receiver.arrivals();
    const deferred = diff(await deferrals(metricsUrl), deferralsBefore);
    const dispatcherRate = EVENTS / ((stats.lastAt - started) / 1000);
    const at = (share: number) => arrivals[Math.max(0, Math.ceil(share * arrivals.length) - 1)] - started;

    await receiver.reset();
    const keepAlive = await measured(pids, () => barePostLoop(receiver.url, EVENTS, true));
    const newConnection = await measured(pids, () => barePostLoop(receiver.url, EVENTS, false));
    const ceilingKeepAlive = keepAlive.result;
    const ceilingNewConnection = newConnection.result;
    const load = (m: { cores: Record<string, number>; machine: number }) =>
      `CPU (share of one core): dispatcher ${m.cores.dispatcher.toFixed(2)}, receiver ${m.cores.receiver.toFixed(2)}, bench process ${m.cores.bench.toFixed(2)}, Postgres (all its processes, whoever uses them) ${m.cores.postgres.toFixed(2)}; machine ${(m.machine * 100).toFixed(0)} % busy of ${cpus().length} cores`;

    const fmt = (n: number) => n.toFixed(0).padStart(8);
    console.log(`\nwebhooks: ${EVENTS} payment.completed deliveries, ${CONCURRENCY} in flight to one receiver answering 204 at once\n`);
    console.log(`  webhook-dispatcher (event → delivery → signed POST → attempt recorded) ${fmt(dispatcherRate)} deliveries/s`);
    console.log(`     events published in ${published - started} ms; raw POSTs ${stats.posts} for ${stats.distinct} webhook-ids`);
    console.log(`     ${load(run)}`);
    console.log(`     delivered 50 % after ${at(0.5)} ms, 90 % after ${at(0.9)} ms, 99 % after ${at(0.99)} ms, all after ${at(1)} ms`);
    console.log(`     attempts deferred without being made: ${JSON.stringify(deferred)}`);
    console.log(`  bare POST loop, one Node process, keep-alive (the ceiling)           ${fmt(ceilingKeepAlive)} POSTs/s`);
    console.log(`     ${load(keepAlive)}`);
    console.log(`  bare POST loop, one Node process, a new connection per POST          ${fmt(ceilingNewConnection)} POSTs/s`);
    console.log(`     ${load(newConnection)}`);
    console.log(`\n  ratio dispatcher / ceiling: ${(dispatcherRate / ceilingKeepAlive).toFixed(2)}`);
    console.log(`  ratio dispatcher / new-connection loop: ${(dispatcherRate / ceilingNewConnection).toFixed(2)}\n`);
    // What bounds it: CPU per delivery against CPU per bare POST (README "Performance").
    const perDeliveryMs = (m: { cores: Record<string, number>; seconds: number }, name: string, count: number) => ((m.cores[name] * m.seconds) / count) * 1000;
    console.log(
      `  CPU per delivery: dispatcher ${perDeliveryMs(run, 'dispatcher', EVENTS).toFixed(2)} ms, Postgres ${perDeliveryMs(run, 'postgres', EVENTS).toFixed(2)} ms; ` +
        `per bare POST: ${(perDeliveryMs(keepAlive, 'bench', EVENTS) + perDeliveryMs(keepAlive, 'receiver', EVENTS)).toFixed(2)} ms (loop and receiver)`,
    );
    console.log('  Each delivery is durable work the bare loop does not do: the inbox transaction that creates it (6 round trips with its commit),');
    console.log("  its share of the relay's batch (4 statements per batch, publisher confirms), the hold's confirmed safety copy, and the");
    console.log('  attempt (2 reads, then a transaction of 5 round trips); on 2 shared cores that CPU, not the HTTP call, bounds the rate.');
    console.log('  Beyond 5 000 commands held for one destination the rest wait in TTL queues: a bigger burst ends in an idle tail.\n');
  } finally {
    await broker?.close();
    if (dispatcher && dispatcher.exitCode === null) {
      dispatcher.kill('SIGTERM');
      await once(dispatcher, 'exit');
    }
    await receiver.stop();
    await deleteQueuesWithPrefix(prefix).catch(() => undefined);
    await database.drop();
  }
}

if (process.argv.includes('--receiver')) {
  runReceiver();
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
