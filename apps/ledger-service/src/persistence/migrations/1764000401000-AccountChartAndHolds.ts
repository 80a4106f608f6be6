import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The account chart per mode (apps/ledger-service/README.md), account flags instead of
 * `allow_negative`, memo accounts, and holds (pending transfers) with their resolution.
 *
 * Existing rows are carried over: merchant accounts become the live ones (`merchant:<id>:live:<kind>`),
 * sandbox collections the test ones, and the two M-Pesa floats become the collections of the
 * `unattributed` platform shortcode of their mode (payment events did not say which shortcode
 * collected). Existing transfers are all posted (`type = 'single'`); their running balances are
 * backfilled in posting order.
 */
export class AccountChartAndHolds1764000401000 implements MigrationInterface {
  name = 'AccountChartAndHolds1764000401000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE ledger.accounts
        DROP CONSTRAINT accounts_merchant_kind,
        DROP CONSTRAINT accounts_balance_not_negative,
        ADD COLUMN mode text NULL,
        ADD COLUMN shortcode text NULL,
        ADD COLUMN memo boolean NOT NULL DEFAULT false,
        ADD COLUMN debits_must_not_exceed_credits boolean NOT NULL DEFAULT false,
        ADD COLUMN credits_must_not_exceed_debits boolean NOT NULL DEFAULT false,
        ADD COLUMN held_minor bigint NOT NULL DEFAULT 0,
        ADD COLUMN pending_credits_minor bigint NOT NULL DEFAULT 0`);
    await queryRunner.query(`
      UPDATE ledger.accounts SET
        mode = CASE WHEN kind LIKE 'test\\_%' THEN 'test' ELSE 'live' END,
        kind = CASE kind WHEN 'test_collections' THEN 'collections' WHEN 'mpesa_float' THEN 'mpesa_collections'
                         WHEN 'test_mpesa_float' THEN 'mpesa_collections' ELSE kind END,
        shortcode = CASE WHEN kind IN ('mpesa_float', 'test_mpesa_float') THEN 'unattributed' END,
        debits_must_not_exceed_credits = NOT allow_negative`);
    await queryRunner.query(`
      UPDATE ledger.accounts SET code = CASE
        WHEN merchant_id IS NOT NULL THEN 'merchant:' || merchant_id || ':' || mode || ':' || kind
        WHEN shortcode IS NOT NULL THEN 'platform:' || mode || ':' || kind || ':' || shortcode
        ELSE 'platform:' || mode || ':' || kind END`);
    await queryRunner.query(`
      ALTER TABLE ledger.accounts
        DROP COLUMN allow_negative,
        ALTER COLUMN mode SET NOT NULL,
        ADD CONSTRAINT accounts_mode CHECK (mode IN ('test', 'live')),
        ADD CONSTRAINT accounts_chart CHECK (
          (merchant_id IS NOT NULL AND shortcode IS NULL AND kind IN ('service_wallet', 'b2c_wallet', 'collections', 'own_collections_memo'))
          OR (merchant_id IS NULL AND shortcode IS NULL AND kind IN ('fee_revenue', 'funding', 'suspense'))
          OR (merchant_id IS NULL AND shortcode IS NOT NULL AND kind IN ('mpesa_collections', 'b2c_float', 'mpesa_collections_memo'))),
        ADD CONSTRAINT accounts_memo CHECK (memo = (kind IN ('own_collections_memo', 'mpesa_collections_memo'))),
        ADD CONSTRAINT accounts_held_not_negative CHECK (held_minor >= 0 AND pending_credits_minor >= 0),
        ADD CONSTRAINT accounts_debits_within_credits CHECK (NOT debits_must_not_exceed_credits OR balance_minor - held_minor >= 0),
        ADD CONSTRAINT accounts_credits_within_debits CHECK (NOT credits_must_not_exceed_debits OR balance_minor + pending_credits_minor <= 0)`);
    await queryRunner.query(`
      INSERT INTO ledger.accounts (code, merchant_id, kind, mode, debits_must_not_exceed_credits)
      SELECT 'platform:' || m.mode || ':' || k.kind, NULL, k.kind, m.mode, k.kind = 'fee_revenue'
        FROM (VALUES ('test'), ('live')) m (mode), (VALUES ('fee_revenue'), ('funding'), ('suspense')) k (kind)
      ON CONFLICT (code) DO NOTHING`);

    await queryRunner.query(`ALTER TABLE ledger.transfers RENAME COLUMN kind TO code`);
    await queryRunner.query(`
      ALTER TABLE ledger.transfers
        ADD COLUMN seq bigint NULL,
        ADD COLUMN type text NOT NULL DEFAULT 'single',
        ADD COLUMN cause_type text NULL,
        ADD COLUMN cause_id text NULL,
        ADD COLUMN batch_id text NULL,
        ADD COLUMN pending_id text NULL REFERENCES ledger.transfers (id),
        ADD COLUMN hold_state text NULL,
        ADD COLUMN timeout_at timestamptz NULL,
        ADD COLUMN resolved_at timestamptz NULL,
        ADD COLUMN posted_amount_minor bigint NULL,
        ADD COLUMN debit_balance_after bigint NULL,
        ADD COLUMN credit_balance_after bigint NULL`);
    await queryRunner.query(`CREATE SEQUENCE ledger.transfers_seq OWNED BY ledger.transfers.seq`);
    await queryRunner.query(`
      UPDATE ledger.transfers t SET seq = o.n, cause_type = 'transfer', cause_id = t.id
        FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM ledger.transfers) o WHERE o.id = t.id`);
    await queryRunner.query(`SELECT setval('ledger.transfers_seq', COALESCE((SELECT max(seq) FROM ledger.transfers), 0) + 1, false)`);
    // Running balance after each leg, in posting order: the statement reads it instead of summing.
    await queryRunner.query(`
      WITH legs AS (
        SELECT id, seq, debit_account_id AS account_id, -amount_minor AS delta, 'debit' AS side FROM ledger.transfers
        UNION ALL
        SELECT id, seq, credit_account_id, amount_minor, 'credit' FROM ledger.transfers),
      running AS (
        SELECT id, side, sum(delta) OVER (PARTITION BY account_id ORDER BY seq) AS after FROM legs)
      UPDATE ledger.transfers t SET
        debit_balance_after = (SELECT after FROM running r WHERE r.id = t.id AND r.side = 'debit'),
        credit_balance_after = (SELECT after FROM running r WHERE r.id = t.id AND r.side = 'credit')`);
    await queryRunner.query(`
      ALTER TABLE ledger.transfers
        ALTER COLUMN seq SET DEFAULT nextval('ledger.transfers_seq'),
        ALTER COLUMN seq SET NOT NULL,
        ALTER COLUMN cause_type SET NOT NULL,
        ALTER COLUMN cause_id SET NOT NULL,
        ADD CONSTRAINT transfers_type CHECK (type IN ('single', 'pending', 'post_pending')),
        ADD CONSTRAINT transfers_hold_state CHECK ((type = 'pending') = (hold_state IS NOT NULL)
          AND (hold_state IS NULL OR hold_state IN ('pending', 'posted', 'voided', 'expired'))),
        ADD CONSTRAINT transfers_hold_timeout CHECK (type <> 'pending' OR timeout_at IS NOT NULL),
        ADD CONSTRAINT transfers_post_names_hold CHECK ((type = 'post_pending') = (pending_id IS NOT NULL)),
        ADD CONSTRAINT transfers_moves_balance CHECK ((type = 'pending') = (debit_balance_after IS NULL AND credit_balance_after IS NULL)),
        ADD CONSTRAINT transfers_posted_amount CHECK (posted_amount_minor IS NULL OR (posted_amount_minor > 0 AND posted_amount_minor <= amount_minor))`);
    await queryRunner.query(`CREATE UNIQUE INDEX transfers_seq_idx ON ledger.transfers (seq)`);
    await queryRunner.query(`CREATE UNIQUE INDEX transfers_one_post_per_hold ON ledger.transfers (pending_id) WHERE pending_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX transfers_debit_seq_idx ON ledger.transfers (debit_account_id, seq)`);
    await queryRunner.query(`CREATE INDEX transfers_credit_seq_idx ON ledger.transfers (credit_account_id, seq)`);
    await queryRunner.query(`CREATE INDEX transfers_open_holds_idx ON ledger.transfers (timeout_at) WHERE hold_state = 'pending'`);
    await queryRunner.query(`CREATE INDEX transfers_cause_idx ON ledger.transfers (cause_type, cause_id)`);
  }

  async down(): Promise<void> {
    throw new Error('AccountChartAndHolds1764000401000 cannot be reverted: account codes were rewritten');
  }
}
