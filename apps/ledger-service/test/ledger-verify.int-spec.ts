import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { PostTransfer } from '../src/ledger/post-transfer.use-case';
import { TransferRequest } from '../src/ledger/transfer-rules';
import { LedgerTestApp, startLedgerService } from './ledger-test-app';

const run = promisify(execFile);

/** `npm run ledger:verify` as an operator runs it: a process against DATABASE_URL, judged by its exit code. */
describe('ledger:verify (scripts/ledger-verify.ts)', () => {
  let ledger: LedgerTestApp;

  beforeAll(async () => {
    ledger = await startLedgerService('ledger_verify', { LEDGER_HOLD_SWEEP_INTERVAL_MS: '600000' });
    const post = (r: TransferRequest) => ledger.dataSource.transaction((tx) => ledger.app.get(PostTransfer).execute(tx, r));
    const m = `m_${randomUUID().slice(0, 8)}`;
    const base = { code: 'top_up', causeType: 'test', causeId: 'c_1' };
    await post({ id: 'a', debitCode: 'platform:live:funding', creditCode: `merchant:${m}:live:b2c_wallet`, amountMinor: 1000n, ...base });
    await post({ id: 'b', debitCode: `merchant:${m}:live:b2c_wallet`, creditCode: 'platform:live:suspense', amountMinor: 300n, ...base, timeoutMs: 60_000 });
  });

  afterAll(async () => {
    await ledger?.close();
  });

  async function verify(): Promise<{ code: number; stdout: string }> {
    try {
      const { stdout } = await run('node', ['-r', '@swc-node/register', 'scripts/ledger-verify.ts'], {
        env: { ...process.env, DATABASE_URL: ledger.config.DATABASE_URL, LOG_LEVEL: 'warn' },
      });
      return { code: 0, stdout };
    } catch (error) {
      const failed = error as { code: number; stdout: string };
      return { code: failed.code, stdout: failed.stdout };
    }
  }

  it('exits 0 on a consistent ledger, then 1 with the difference printed once a balance is corrupted', async () => {
    const clean = await verify();
    expect(clean.stdout).toMatch(/0 difference\(s\)/);
    expect(clean.code).toBe(0);

    await ledger.dataSource.query(`UPDATE ledger.accounts SET balance_minor = balance_minor + 7 WHERE code = 'platform:live:suspense'`);
    const corrupted = await verify();
    expect(corrupted.code).toBe(1);
    expect(corrupted.stdout).toContain('DIFFERENCE balance platform:live:suspense: stored 7, recomputed 0');
    expect(corrupted.stdout).toContain('DIFFERENCE sum all accounts: stored 7, recomputed 0');

    await ledger.dataSource.query(`UPDATE ledger.accounts SET balance_minor = balance_minor - 7 WHERE code = 'platform:live:suspense'`);
    await ledger.dataSource.query(`UPDATE ledger.accounts SET held_minor = 0 WHERE code LIKE '%:live:b2c_wallet'`);
    const held = await verify();
    expect(held.code).toBe(1);
    expect(held.stdout).toMatch(/DIFFERENCE held merchant:m_\w+:live:b2c_wallet: stored 0, recomputed 300/);
  }, 60_000);
});
