import { createServiceApp, loadConfig } from '@lipa/platform';
import { EventProbe, RecordingServer, createTestDatabase, deleteQueuesWithPrefix, startEventProbe, startRecordingServer, testPrefix } from '@lipa/testing';
import { Client } from 'pg';
import { createSimulator, RunningSimulator } from '../../daraja-sim/src/simulator';
import { StkServiceConfig } from '../src/config';
import { definition } from '../src/stk-service.definition';
import { startLedger } from './ledger';

/** stk-service in-process with the real ledger-service and daraja-sim, a probe for its events and both databases. */
export interface StkWithLedger {
  sim: RunningSimulator;
  callbacks: RecordingServer;
  probe: EventProbe;
  db: Client;
  ledgerDb: Client;
  close(): Promise<void>;
}

export async function startStkWithLedger(label: string, eventTypes: string[]): Promise<StkWithLedger> {
  const prefix = testPrefix(label.replace(/[^a-z]/g, '').slice(0, 8));
  const database = await createTestDatabase(label);
  const callbacks = await startRecordingServer();
  const sim = await createSimulator({ callbackDelayMs: 0, hangMs: 5_000 });
  const probe = await startEventProbe({ databaseUrl: database.url, amqpPrefix: prefix, eventTypes });
  const ledger = await startLedger(`${label}_ledger`, prefix);
  const config = loadConfig(StkServiceConfig, {
    DATABASE_URL: database.url,
    AMQP_PREFIX: prefix,
    REDIS_KEY_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    DARAJA_TEST_BASE_URL: sim.url,
    DARAJA_TIMEOUT_MS: '1000',
    CALLBACK_BASE_URL: `${callbacks.url}/cb`,
    STK_RECONCILE_INTERVAL_MS: '3600000',
  });
  const app = await createServiceApp(definition, config);
  await app.listen(0, '127.0.0.1');
  const db = new Client({ connectionString: database.url });
  await db.connect();
  const ledgerDb = new Client({ connectionString: ledger.databaseUrl });
  await ledgerDb.connect();
  return {
    sim,
    callbacks,
    probe,
    db,
    ledgerDb,
    async close() {
      await db.end();
      await ledgerDb.end();
      await app.close();
      await ledger.close();
      await probe.close();
      await sim.close();
      await callbacks.close();
      await database.drop();
      await deleteQueuesWithPrefix(prefix);
    },
  };
}
