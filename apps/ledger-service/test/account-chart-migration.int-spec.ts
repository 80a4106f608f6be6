import { CreateMessagingTables1764000000000 } from '@lipa/messaging';
import { initializeServiceDatabase } from '@lipa/platform';
import { TestDatabase, createTestDatabase } from '@lipa/testing';
import { ledgerDifferences } from '../src/ledger/ledger-verification';
import { CreateLedger1764000400000 } from '../src/persistence/migrations/1764000400000-CreateLedger';
import { AccountChartAndHolds1764000401000 } from '../src/persistence/migrations/1764000401000-AccountChartAndHolds';
import { TrimTransferIndexes1764000402000 } from '../src/persistence/migrations/1764000402000-TrimTransferIndexes';

/** A ledger written before the chart had modes and holds is carried over: codes, flags, running balances. */
describe('AccountChartAndHolds migration on an existing ledger', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('ledger_migrate');
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('rewrites the old codes into the chart, keeps every balance and backfills the running balances', async () => {
    const old = await initializeServiceDatabase({
      url: db.url,
      schema: 'ledger',
      entities: [],
      migrations: [CreateMessagingTables1764000000000, CreateLedger1764000400000],
    });
    const id = async (code: string, kind: string, merchantId: string | null, allowNegative: boolean): Promise<string> => {
      const existing: { id: string }[] = await old.query(`SELECT id FROM ledger.accounts WHERE code = $1`, [code]);
      if (existing[0]) return existing[0].id;
      const [row]: { id: string }[] = await old.query(
        `INSERT INTO ledger.accounts (code, merchant_id, kind, allow_negative) VALUES ($1, $2, $3, $4) RETURNING id`,
        [code, merchantId, kind, allowNegative],
      );
      return row.id;
    };
    const float = await id('platform:mpesa_float', 'mpesa_float', null, true);
    const testFloat = await id('platform:test_mpesa_float', 'test_mpesa_float', null, true);
    const collections = await id('merchant:m_1:collections', 'collections', 'm_1', false);
    const testCollections = await id('merchant:m_1:test_collections', 'test_collections', 'm_1', false);
    const wallet = await id('merchant:m_1:b2c_wallet', 'b2c_wallet', 'm_1', false);
    const transfer = async (tid: string, debit: string, credit: string, amount: number, at: string) => {
      await old.query(
        `INSERT INTO ledger.transfers (id, debit_account_id, credit_account_id, amount_minor, kind, created_at) VALUES ($1, $2, $3, $4, 'stk_collection', $5)`,
        [tid, debit, credit, amount, at],
      );
      await old.query(`UPDATE ledger.accounts SET balance_minor = balance_minor - $2 WHERE id = $1`, [debit, amount]);
      await old.query(`UPDATE ledger.accounts SET balance_minor = balance_minor + $2 WHERE id = $1`, [credit, amount]);
    };
    await transfer('payment:1', float, collections, 1000, '2026-11-01T10:00:00Z');
    await transfer('payment:2', float, collections, 500, '2026-11-01T11:00:00Z');
    await transfer('sweep:1', collections, wallet, 300, '2026-11-01T12:00:00Z');
    await transfer('payment:t', testFloat, testCollections, 70, '2026-11-01T13:00:00Z');
    await old.destroy();

    const migrated = await initializeServiceDatabase({
      url: db.url,
      schema: 'ledger',
      entities: [],
      migrations: [CreateMessagingTables1764000000000, CreateLedger1764000400000, AccountChartAndHolds1764000401000, TrimTransferIndexes1764000402000],
    });
    try {
      const accounts = await migrated.query(
        `SELECT code, mode, kind, balance_minor, debits_must_not_exceed_credits AS d, memo FROM ledger.accounts ORDER BY code`,
      );
      expect(accounts).toEqual([
        { code: 'merchant:m_1:live:b2c_wallet', mode: 'live', kind: 'b2c_wallet', balance_minor: '300', d: true, memo: false },
        { code: 'merchant:m_1:live:collections', mode: 'live', kind: 'collections', balance_minor: '1200', d: true, memo: false },
        { code: 'merchant:m_1:test:collections', mode: 'test', kind: 'collections', balance_minor: '70', d: true, memo: false },
        { code: 'platform:live:fee_revenue', mode: 'live', kind: 'fee_revenue', balance_minor: '0', d: true, memo: false },
        { code: 'platform:live:funding', mode: 'live', kind: 'funding', balance_minor: '0', d: false, memo: false },
        { code: 'platform:live:mpesa_collections:unattributed', mode: 'live', kind: 'mpesa_collections', balance_minor: '-1500', d: false, memo: false },
        { code: 'platform:live:suspense', mode: 'live', kind: 'suspense', balance_minor: '0', d: false, memo: false },
        { code: 'platform:test:fee_revenue', mode: 'test', kind: 'fee_revenue', balance_minor: '0', d: true, memo: false },
        { code: 'platform:test:funding', mode: 'test', kind: 'funding', balance_minor: '0', d: false, memo: false },
        { code: 'platform:test:mpesa_collections:unattributed', mode: 'test', kind: 'mpesa_collections', balance_minor: '-70', d: false, memo: false },
        { code: 'platform:test:suspense', mode: 'test', kind: 'suspense', balance_minor: '0', d: false, memo: false },
      ]);
      const transfers = await migrated.query(
        `SELECT id, seq::int, type, code, cause_type, cause_id, debit_balance_after, credit_balance_after FROM ledger.transfers ORDER BY seq`,
      );
      expect(transfers).toEqual([
        {
          id: 'payment:1',
          seq: 1,
          type: 'single',
          code: 'stk_collection',
          cause_type: 'transfer',
          cause_id: 'payment:1',
          debit_balance_after: '-1000',
          credit_balance_after: '1000',
        },
        {
          id: 'payment:2',
          seq: 2,
          type: 'single',
          code: 'stk_collection',
          cause_type: 'transfer',
          cause_id: 'payment:2',
          debit_balance_after: '-1500',
          credit_balance_after: '1500',
        },
        {
          id: 'sweep:1',
          seq: 3,
          type: 'single',
          code: 'stk_collection',
          cause_type: 'transfer',
          cause_id: 'sweep:1',
          debit_balance_after: '1200',
          credit_balance_after: '300',
        },
        {
          id: 'payment:t',
          seq: 4,
          type: 'single',
          code: 'stk_collection',
          cause_type: 'transfer',
          cause_id: 'payment:t',
          debit_balance_after: '-70',
          credit_balance_after: '70',
        },
      ]);
      expect(await ledgerDifferences((sql) => migrated.query(sql))).toEqual([]);
      // New transfers continue the sequence after the carried-over ones.
      const [{ next }] = await migrated.query(`SELECT nextval('ledger.transfers_seq')::int AS next`);
      expect(next).toBe(5);
    } finally {
      await migrated.destroy();
    }
  });
});
