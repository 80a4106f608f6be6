/**
 * `npm run bench:auth` (also part of `npm run bench`): what authenticating one request costs in the
 * gateway, for each way in, beside ceilings measured in the same run on the same connections: one
 * Postgres round trip (`SELECT 1`) and one Redis GET. Authentication is one indexed read of the
 * credential joined to its merchant (plus a Redis GET for OAuth tokens), so it should sit close to them.
 *
 *   BENCH_AUTH_ITERATIONS=5000 npm run bench:auth
 */
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { Authenticator, type PresentedCredentials } from '../src/auth/authenticator';
import { type Body, startGateway } from './gateway-harness';

const ITERATIONS = Number(process.env.BENCH_AUTH_ITERATIONS ?? 2000);

async function measure(run: () => Promise<unknown>): Promise<{ meanUs: number; p50Us: number; p99Us: number }> {
  for (let i = 0; i < 100; i += 1) await run(); // warm-up: JIT, pool, prepared plans
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i += 1) {
    const start = process.hrtime.bigint();
    await run();
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  samples.sort((a, b) => a - b);
  const at = (p: number) => samples[Math.min(samples.length - 1, Math.ceil((p / 100) * samples.length) - 1)];
  return { meanUs: samples.reduce((a, b) => a + b, 0) / samples.length, p50Us: at(50), p99Us: at(99) };
}

async function main(): Promise<void> {
  const h = await startGateway('bench', { RATE_LIMIT_AUTH_PER_IP_PER_MINUTE: '1000' });
  try {
    const username = `bench${Date.now().toString(36)}`;
    await h.call('POST', '/v1/auth/register', { json: { username, email: `${username}@example.com`, password: 'correct horse battery' } });
    const session = (await h.call<Body>('POST', '/v1/auth/login', { json: { user: username, password: 'correct horse battery' } })).body.token as string;
    const key = (await h.call<Body>('POST', '/v1/api-keys', { json: { mode: 'test' }, headers: { authorization: `Bearer ${session}` } })).body;
    const oauth = (
      await h.call<Body>('POST', '/v1/oauth/token', { json: { grant_type: 'client_credentials', client_id: key.api_key, client_secret: key.api_secret } })
    ).body;

    const auth = h.gateway.get(Authenticator);
    const dataSource = h.gateway.get(DataSource);
    const redis = h.gateway.get(Redis);
    const ways: [string, PresentedCredentials][] = [
      ['Bearer sk_test_…', { authorization: `Bearer ${key.api_secret}` }],
      ['X-API-Key + X-API-Secret', { apiKey: key.api_key, apiSecret: key.api_secret }],
      ['Bearer oat_… (OAuth)', { authorization: `Bearer ${oauth.access_token}` }],
      ['Bearer sess_… (session)', { authorization: `Bearer ${session}` }],
    ];
    const rows: [string, Awaited<ReturnType<typeof measure>>][] = [
      ['ceiling: Postgres SELECT 1', await measure(() => dataSource.query('SELECT 1'))],
      ['ceiling: Redis GET', await measure(() => redis.get('bench:nothing'))],
    ];
    for (const [name, presented] of ways) rows.push([name, await measure(() => auth.authenticate(presented))]);

    const fmt = (us: number) => `${us.toFixed(0).padStart(6)} µs`;
    process.stdout.write(`\nAuthenticating one request (${ITERATIONS} sequential calls each, in-process, real Postgres and Redis)\n\n`);
    process.stdout.write(`${'what'.padEnd(32)} ${'mean'.padStart(9)} ${'p50'.padStart(9)} ${'p99'.padStart(9)}\n`);
    for (const [name, r] of rows) process.stdout.write(`${name.padEnd(32)} ${fmt(r.meanUs)} ${fmt(r.p50Us)} ${fmt(r.p99Us)}\n`);
    process.stdout.write('\n');
  } finally {
    await h.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
