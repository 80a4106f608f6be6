import * as amqp from 'amqplib';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { createServiceApp, loadConfig } from '@lipa/platform';
import { TestDatabase, createTestDatabase, infra, testPrefix } from '@lipa/testing';
import { LedgerServiceConfig } from '../src/config';
import { definition } from '../src/ledger-service.definition';

export interface LedgerTestApp {
  app: NestExpressApplication;
  url: string;
  prefix: string;
  config: LedgerServiceConfig;
  dataSource: DataSource;
  close(): Promise<void>;
}

/** ledger-service in-process on port 0 with its own database, AMQP prefix and Redis key prefix. */
export async function startLedgerService(label: string, env: Record<string, string> = {}): Promise<LedgerTestApp> {
  const db: TestDatabase = await createTestDatabase(label);
  const prefix = testPrefix(label.slice(0, 6));
  const config = loadConfig(LedgerServiceConfig, {
    DATABASE_URL: db.url,
    AMQP_URL: infra.amqpUrl,
    REDIS_URL: infra.redisUrl,
    AMQP_PREFIX: prefix,
    REDIS_KEY_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    ...env,
  });
  const app = await createServiceApp(definition, config);
  await app.listen(0, '127.0.0.1');
  return {
    app,
    url: await app.getUrl(),
    prefix,
    config,
    dataSource: app.get(DataSource),
    close: async () => {
      await app.close();
      await db.drop();
      await deleteTopology(prefix);
    },
  };
}

/** Every balance in the ledger, by account code, as bigint. */
export async function balances(dataSource: DataSource): Promise<Record<string, bigint>> {
  const rows: { code: string; balance_minor: string }[] = await dataSource.query(`SELECT code, balance_minor FROM ledger.accounts ORDER BY code`);
  return Object.fromEntries(rows.map((r) => [r.code, BigInt(r.balance_minor)]));
}

export async function sumOfBalances(dataSource: DataSource): Promise<bigint> {
  const [row]: { total: string }[] = await dataSource.query(`SELECT COALESCE(sum(balance_minor), 0)::text AS total FROM ledger.accounts`);
  return BigInt(row.total);
}

/**
 * Accounts whose balance is not what their posted transfers add up to (credits − debits), or whose
 * held / pending credit amounts are not what their open holds add up to; [] when consistent.
 */
export async function balancesNotMatchingTransfers(dataSource: DataSource): Promise<unknown[]> {
  return dataSource.query(`
    WITH posted AS (
      SELECT account_id, sum(delta) AS balance FROM (
        SELECT credit_account_id AS account_id, amount_minor AS delta FROM ledger.transfers WHERE type <> 'pending'
        UNION ALL SELECT debit_account_id, -amount_minor FROM ledger.transfers WHERE type <> 'pending') l GROUP BY account_id),
    held AS (SELECT debit_account_id AS account_id, sum(amount_minor) AS held FROM ledger.transfers WHERE hold_state = 'pending' GROUP BY 1),
    promised AS (SELECT credit_account_id AS account_id, sum(amount_minor) AS pending FROM ledger.transfers WHERE hold_state = 'pending' GROUP BY 1)
    SELECT a.code, a.balance_minor, a.held_minor, a.pending_credits_minor,
           COALESCE(p.balance, 0) AS from_transfers, COALESCE(h.held, 0) AS from_holds, COALESCE(pr.pending, 0) AS from_promises
      FROM ledger.accounts a
      LEFT JOIN posted p ON p.account_id = a.id LEFT JOIN held h ON h.account_id = a.id LEFT JOIN promised pr ON pr.account_id = a.id
     WHERE a.balance_minor <> COALESCE(p.balance, 0) OR a.held_minor <> COALESCE(h.held, 0) OR a.pending_credits_minor <> COALESCE(pr.pending, 0)`);
}

/** Quorum queues outlive the suite otherwise; each one costs the broker a Raft group. */
async function deleteTopology(prefix: string): Promise<void> {
  const connection = await amqp.connect(infra.amqpUrl);
  try {
    const channel = await connection.createChannel();
    for (const queue of ['events', 'commands', 'dlq']) await channel.deleteQueue(`${prefix}lipa.ledger-service.${queue}`);
    for (const exchange of ['events', 'commands', 'dlx']) await channel.deleteExchange(`${prefix}lipa.${exchange}`);
    await channel.close();
  } finally {
    await connection.close();
  }
}
