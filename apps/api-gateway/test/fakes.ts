import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  CreateWebhookEndpointV1,
  type FeeSchedulesView,
  GetFeeSchedulesV1,
  type SetFeeScheduleResult,
  SetFeeScheduleV1,
  GetLedgerStatementV1,
  GetMerchantBalancesV1,
  PostLedgerTransfersV1,
  type PostLedgerTransfersResult,
  GetTransactionV1,
  InitiateStkPushV1,
  ListTransactionsV1,
  type TransactionList,
  type TransactionListItem,
  ListWebhookEndpointsV1,
  parseContract,
  type LedgerStatement,
  type MerchantBalances,
  type StkPushAccepted,
  type TransactionView,
  type WebhookEndpointCreated,
} from '@lipa/contracts';
import { CreateMessagingTables1764000000000, MessagingModule, OnCommand } from '@lipa/messaging';
import { DEFAULT_FEE_SCHEDULES, type FeeScheduleJson, TRANSACTION_TYPES, feeScheduleToJson, minorToKes, parseFeeSchedule } from '@lipa/money';
import { CodedError, NotFoundError, PlatformModule, ServiceConfig, loadConfig } from '@lipa/platform';
import { infra } from '@lipa/testing';

/**
 * Stand-ins for the services behind the gateway: real @OnCommand consumers on the suite's AMQP
 * prefix, so the gateway's RPC path (publish, direct reply-to, error replies) is the real one.
 */
export class FakeStkService {
  readonly calls: InitiateStkPushV1[] = [];
  readonly lookups: GetTransactionV1[] = [];
  private readonly transactions: (TransactionView & { merchant_id: string })[] = [];
  /** While set, initiate waits on it: lets a test hold the first request of an Idempotency-Key open. */
  gate?: Promise<void>;
  /** Thrown by the next initiate (after recording the call): a crash whose effect is unknown. */
  failNext?: Error;

  @OnCommand(InitiateStkPushV1.command)
  async initiate(payload: unknown): Promise<StkPushAccepted> {
    const command = parseContract(InitiateStkPushV1, payload);
    this.calls.push(command);
    if (this.gate) await this.gate;
    const failure = this.failNext;
    this.failNext = undefined;
    if (failure) throw failure;
    const n = this.calls.length;
    const view = {
      merchant_id: command.merchant_id,
      transaction_id: `txn_fake${n}`,
      type: 'stk_push' as const,
      mode: command.mode,
      status: 'pending' as const,
      amount: minorToKes(command.amount_minor),
      currency: 'KES' as const,
      phone: command.phone,
      reference: command.reference,
      description: command.description ?? null,
      checkout_request_id: `ws_CO_fake${n}`,
      merchant_request_id: `mr-fake-${n}`,
      result_code: null,
      result_desc: null,
      transaction_code: null,
      fee_amount: 0,
      fee_deducted: false,
      payment_id: command.account?.payment_id ?? null,
      created_at: new Date().toISOString(),
      completed_at: null,
    };
    this.transactions.push(view);
    return {
      transaction_id: view.transaction_id,
      checkout_request_id: view.checkout_request_id,
      merchant_request_id: view.merchant_request_id,
      status: 'pending',
      customer_message: 'Success. Request accepted for processing',
    };
  }

  /** Scoped by merchant, as stk-service is: another merchant's id is simply not found. */
  @OnCommand(GetTransactionV1.command)
  async get(payload: unknown): Promise<TransactionView> {
    const query = parseContract(GetTransactionV1, payload);
    this.lookups.push(query);
    const found = this.transactions.find(
      (t) =>
        t.merchant_id === query.merchant_id &&
        (query.transaction_id ? t.transaction_id === query.transaction_id : t.checkout_request_id === query.checkout_request_id),
    );
    if (!found) throw new NotFoundError('transaction_not_found', 'Transaction not found');
    const { merchant_id: _, ...view } = found;
    return view;
  }
}

export class FakeLedgerService {
  readonly modes: string[] = [];

  @OnCommand(GetMerchantBalancesV1.command)
  async balances(payload: unknown): Promise<MerchantBalances> {
    const { merchant_id, mode = 'live' } = parseContract(GetMerchantBalancesV1, payload);
    this.modes.push(mode);
    const wallet = (total: string, held: string) => ({ total_minor: total, held_minor: held, available_minor: String(BigInt(total) - BigInt(held)) });
    return {
      merchant_id,
      currency: 'KES',
      service_wallet_minor: '150050',
      b2c_wallet_minor: '0',
      mode,
      collections_minor: '1000000',
      wallets: {
        service_wallet: wallet('150050', '5000'),
        b2c_wallet: wallet('0', '0'),
        collections: wallet('1000000', '0'),
        own_collections_memo: wallet('250000', '0'),
      },
    };
  }

  /** 25 entries, newest first, each +KES 10: a statement long enough to page through. */
  readonly statementCalls: GetLedgerStatementV1[] = [];
  @OnCommand(GetLedgerStatementV1.command)
  async statement(payload: unknown): Promise<LedgerStatement> {
    const q = parseContract(GetLedgerStatementV1, payload);
    this.statementCalls.push(q);
    const total = 25;
    const page = q.page ?? 1;
    const limit = q.limit ?? 10;
    const all = Array.from({ length: total }, (_, i) => ({
      transfer_id: `tr_${total - i}`,
      code: 'stk_collection',
      cause_type: 'stk_transaction',
      cause_id: `txn_${total - i}`,
      reference: i === 0 ? 'ABC, "quoted"' : `R${total - i}`,
      direction: 'credit' as const,
      amount_minor: '1000',
      balance_after_minor: String((total - i) * 1000),
      counterparty_account: `platform:${q.mode ?? 'live'}:mpesa_collections:174379`,
      created_at: new Date(Date.UTC(2026, 11, 1, 0, total - i)).toISOString(),
    }));
    return {
      merchant_id: q.merchant_id,
      mode: q.mode ?? 'live',
      wallet: q.wallet,
      currency: 'KES',
      data: all.slice((page - 1) * limit, page * limit),
      pagination: { current_page: page, per_page: limit, total_items: total, total_pages: Math.ceil(total / limit) },
    };
  }

  /** Fee schedules in memory, by `platform` or the merchant id, then type; checked with parseFeeSchedule as the ledger checks them. */
  readonly feeSchedules = new Map<string, Map<string, FeeScheduleJson>>();
  readonly feeScheduleSets: SetFeeScheduleV1[] = [];
  @OnCommand(GetFeeSchedulesV1.command)
  async getFeeSchedules(payload: unknown): Promise<FeeSchedulesView> {
    const { merchant_id } = parseContract(GetFeeSchedulesV1, payload);
    const platform = this.feeSchedules.get('platform');
    const own = merchant_id === undefined ? undefined : this.feeSchedules.get(merchant_id);
    const all = (pick: (type: string) => FeeScheduleJson) =>
      Object.fromEntries(TRANSACTION_TYPES.map((t) => [t, pick(t)])) as FeeSchedulesView['platform_defaults'];
    const defaults = all((t) => platform?.get(t) ?? feeScheduleToJson(DEFAULT_FEE_SCHEDULES[t as keyof typeof DEFAULT_FEE_SCHEDULES]));
    if (merchant_id === undefined) return { platform_defaults: defaults };
    return {
      platform_defaults: defaults,
      merchant_id,
      overrides: Object.fromEntries(own ?? []),
      effective: all((t) => own?.get(t) ?? defaults[t as keyof typeof defaults]),
    };
  }

  @OnCommand(SetFeeScheduleV1.command)
  async setFeeSchedule(payload: unknown): Promise<SetFeeScheduleResult> {
    const command = parseContract(SetFeeScheduleV1, payload);
    this.feeScheduleSets.push(command);
    const key = command.scope === 'platform' ? 'platform' : (command.merchant_id ?? '');
    const type = command.transaction_type;
    let after: FeeScheduleJson | null = null;
    if (command.schedule !== null) {
      const parsed = parseFeeSchedule(command.schedule);
      if (!parsed.ok) throw new CodedError('invalid_fee_schedule', 400, 'The fee schedule is invalid', { problems: parsed.problems });
      after = feeScheduleToJson(parsed.schedule);
    }
    const scope = this.feeSchedules.get(key) ?? new Map<string, FeeScheduleJson>();
    this.feeSchedules.set(key, scope);
    const shipped = feeScheduleToJson(DEFAULT_FEE_SCHEDULES[type]);
    const before = scope.get(type) ?? (key === 'platform' ? shipped : null);
    if (after === null) scope.delete(type);
    else scope.set(type, after);
    const now = after ?? (key === 'platform' ? shipped : null);
    return {
      scope: command.scope,
      merchant_id: command.scope === 'merchant' ? key : null,
      transaction_type: type,
      before,
      after: now,
      changed: JSON.stringify(before) !== JSON.stringify(now),
    };
  }

  /** The transactions read model: what a test puts here, per merchant, listed as the ledger lists it (mode, filters, newest first). */
  readonly transactionRows: (TransactionListItem & { merchant_id: string })[] = [];
  readonly transactionLists: ListTransactionsV1[] = [];
  @OnCommand(ListTransactionsV1.command)
  async listTransactions(payload: unknown): Promise<TransactionList> {
    const q = parseContract(ListTransactionsV1, payload);
    this.transactionLists.push(q);
    const page = q.page ?? 1;
    const limit = q.limit ?? 10;
    const matching = this.transactionRows
      .filter((t) => t.merchant_id === q.merchant_id && t.mode === q.mode)
      .filter((t) => (q.status === undefined || t.status === q.status) && (q.type === undefined || t.type === q.type))
      .filter((t) => q.payment_id === undefined || t.payment_id === q.payment_id)
      .filter(
        (t) => (q.from === undefined || t.created_at >= new Date(q.from).toISOString()) && (q.to === undefined || t.created_at <= new Date(q.to).toISOString()),
      )
      .sort((a, b) => b.created_at.localeCompare(a.created_at));
    return {
      data: matching.slice((page - 1) * limit, page * limit).map(({ merchant_id: _, ...item }) => item),
      pagination: { current_page: page, per_page: limit, total_items: matching.length, total_pages: Math.max(1, Math.ceil(matching.length / limit)) },
    };
  }

  /** Transfers as asked; a debit of a merchant wallet above KES 1,000,000 is refused as the ledger would. */
  readonly transfers: PostLedgerTransfersV1['transfers'] = [];
  @OnCommand(PostLedgerTransfersV1.command)
  async post(payload: unknown): Promise<PostLedgerTransfersResult> {
    const { transfers } = parseContract(PostLedgerTransfersV1, payload);
    for (const t of transfers) {
      if (t.debit_account.startsWith('merchant:') && BigInt(t.amount_minor) > 100_000_000n)
        throw new CodedError('insufficient_funds', 422, 'Insufficient funds');
    }
    const created = transfers.filter((t) => !this.transfers.some((seen) => seen.id === t.id));
    this.transfers.push(...created);
    return {
      transfers: transfers.map((t) => ({
        ...t,
        type: 'single' as const,
        reference: t.reference ?? null,
        metadata: t.metadata ?? {},
        hold_state: null,
        timeout_at: null,
        posted_amount_minor: null,
        pending_id: null,
        created_at: new Date().toISOString(),
        created: created.includes(t),
      })),
    };
  }
}

export class FakeWebhookDispatcher {
  readonly created: CreateWebhookEndpointV1[] = [];

  @OnCommand(CreateWebhookEndpointV1.command)
  async create(payload: unknown): Promise<WebhookEndpointCreated> {
    const command = parseContract(CreateWebhookEndpointV1, payload);
    this.created.push(command);
    return {
      id: `we_fake${this.created.length}`,
      url: command.url,
      events: command.events ?? [],
      description: command.description ?? null,
      status: 'enabled',
      created_at: new Date().toISOString(),
      secret: 'whsec_ZmFrZXNlY3JldA==',
    };
  }

  @OnCommand(ListWebhookEndpointsV1.command)
  async list(payload: unknown) {
    const { merchant_id, page = 1, limit = 100 } = parseContract(ListWebhookEndpointsV1, payload);
    const all = this.created
      .filter((c) => c.merchant_id === merchant_id)
      .map((c, i) => ({
        id: `we_fake${i + 1}`,
        url: c.url,
        events: c.events ?? [],
        description: null,
        status: 'enabled',
        created_at: new Date().toISOString(),
      }));
    return { data: all.slice((page - 1) * limit, page * limit), total: all.length };
  }
}

/** One fake service: its own schema for the messaging tables, the suite's database and AMQP prefix. */
export async function startFake(service: string, fake: object, databaseUrl: string, prefix: string): Promise<INestApplicationContext> {
  const config = loadConfig(ServiceConfig, { DATABASE_URL: databaseUrl, AMQP_URL: infra.amqpUrl, AMQP_PREFIX: prefix, LOG_LEVEL: 'warn' });
  const schema = `fake_${service.replace(/[^a-z]/g, '_')}`;

  @Module({ providers: [{ provide: fake.constructor, useValue: fake }] })
  class FakeModule {}

  @Module({
    imports: [
      PlatformModule.forService({
        service,
        config,
        configClass: ServiceConfig,
        database: { schema, entities: [], migrations: [CreateMessagingTables1764000000000] },
      }),
      MessagingModule.forRoot({ service, amqpUrl: infra.amqpUrl, prefix }),
      FakeModule,
    ],
  })
  class FakeAppModule {}

  return NestFactory.createApplicationContext(FakeAppModule, { logger: false });
}
