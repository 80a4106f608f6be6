/**
 * Transfers per second through ledger-service's own write path (PostTransfer in a transaction,
 * real Postgres, concurrency 20), side by side with `pgbench -N` on the same Postgres in the same
 * run, and their ratio. `npm run bench:ledger`.
 *
 * Both sides get 20 connections. pgbench -N runs BEGIN; UPDATE pgbench_accounts; SELECT; INSERT
 * pgbench_history; END per transaction. A transfer here is BEGIN; lock both accounts in id order
 * (one SELECT … FOR UPDATE); insert the transfer and write both balances (one CTE); COMMIT, plus
 * Node, TypeORM and the pool on the same two cores as Postgres.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { PostTransfer } from '../src/ledger/post-transfer.use-case';
import { ledgerDifferences } from '../src/ledger/ledger-verification';
import { TransferRequest } from '../src/ledger/transfer-rules';
import { startLedgerService } from '../test/ledger-test-app';

const run = promisify(execFile);
const CONCURRENCY = 20;
const TRANSFERS = 5_000;
const WARM_UP = 500;
const WALLETS = 1_000;
const PGBENCH_SECONDS = 10;

async function pgbenchTps(databaseUrl: string): Promise<number> {
  const url = new URL(databaseUrl);
  const name = `lipa_pgbench_${randomBytes(4).toString('hex')}`;
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  const args = ['-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username || 'postgres')];
  const env = { PATH: '/usr/bin:/bin:/usr/lib/postgresql/15/bin', PGPASSWORD: decodeURIComponent(url.password) };
  try {
    await client.query(`CREATE DATABASE "${name}"`);
    await run('pgbench', [...args, '-i', '-q', name], { env });
    const { stdout } = await run('pgbench', [...args, '-N', '-c', String(CONCURRENCY), '-j', '2', '-T', String(PGBENCH_SECONDS), name], { env });
    const match = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout) ?? /tps = ([\d.]+)/.exec(stdout);
    if (!match) throw new Error(`no tps in pgbench output:\n${stdout}`);
    return Number(match[1]);
  } finally {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
  }
}

async function main(): Promise<void> {
  const ledger = await startLedgerService('ledger_bench', {
    DATABASE_POOL_SIZE: String(CONCURRENCY),
    LOG_LEVEL: 'error',
    LEDGER_HOLD_SWEEP_INTERVAL_MS: '600000',
  });
  try {
    const postTransfer = ledger.app.get(PostTransfer);
    // As the payment consumer posts: inside a transaction (BEGIN, the statement, COMMIT).
    const post = (r: TransferRequest) => ledger.dataSource.transaction((tx) => postTransfer.execute(tx, r));
    // As a command that publishes nothing can post: on its own, one statement, no BEGIN/COMMIT.
    const postAlone = (r: TransferRequest) => postTransfer.execute(ledger.dataSource.manager, r);
    const wallet = (i: number) => `merchant:bench_${i}:live:b2c_wallet`;
    for (let i = 0; i < WALLETS; i += 1) {
      await post({
        id: `fund:${i}`,
        debitCode: 'platform:live:funding',
        creditCode: wallet(i),
        amountMinor: 1_000_000_000n,
        code: 'top_up',
        causeType: 'bench',
        causeId: 'fund',
      });
    }

    let next = 0;
    const runTransfers = async (prefix: string, count: number, write = post): Promise<number> => {
      next = 0;
      const started = process.hrtime.bigint();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < count) {
            const n = next++;
            const from = Math.floor(Math.random() * WALLETS);
            const to = (from + 1 + Math.floor(Math.random() * (WALLETS - 1))) % WALLETS;
            await write({
              id: `${prefix}:${n}`,
              debitCode: wallet(from),
              creditCode: wallet(to),
              amountMinor: BigInt(1 + Math.floor(Math.random() * 10_000)),
              code: 'settlement',
              causeType: 'bench',
              causeId: `${prefix}:${n}`,
              metadata: { n },
            });
          }
        }),
      );
      return Number(process.hrtime.bigint() - started) / 1e9;
    };

    await runTransfers('warm', WARM_UP);
    const cpuBefore = process.cpuUsage();
    const seconds = await runTransfers('bench', TRANSFERS);
    const cpu = process.cpuUsage(cpuBefore);
    const nodeCpuSeconds = (cpu.user + cpu.system) / 1e6;
    const ledgerTps = TRANSFERS / seconds;
    const aloneSeconds = await runTransfers('alone', TRANSFERS, postAlone);
    const aloneTps = TRANSFERS / aloneSeconds;
    const differences = await ledgerDifferences((sql) => ledger.dataSource.query(sql));

    const pgTps = await pgbenchTps(ledger.config.DATABASE_URL);
    const lines = [
      `ledger PostTransfer: ${TRANSFERS} transfers between ${WALLETS} wallets, concurrency ${CONCURRENCY}: ${seconds.toFixed(2)} s, ${ledgerTps.toFixed(0)} transfers/s`,
      `  Node CPU in that time: ${nodeCpuSeconds.toFixed(2)} s (${((nodeCpuSeconds / seconds) * 100).toFixed(0)}% of one core), ${((nodeCpuSeconds / TRANSFERS) * 1e6).toFixed(0)} µs per transfer`,
      `ledger PostTransfer on its own (no caller transaction): ${aloneSeconds.toFixed(2)} s, ${aloneTps.toFixed(0)} transfers/s`,
      `pgbench -N -c ${CONCURRENCY} -j 2 -T ${PGBENCH_SECONDS} on the same Postgres: ${pgTps.toFixed(0)} tps`,
      `ratio ledger / pgbench: ${(ledgerTps / pgTps).toFixed(2)} in a transaction, ${(aloneTps / pgTps).toFixed(2)} on its own (goal ≥ 0.50)`,
      `ledger differences after the run: ${differences.length}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (differences.length > 0) process.exitCode = 1;
  } finally {
    await ledger.close();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench:ledger failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
