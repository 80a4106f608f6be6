import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  CreateWebhookEndpointV1,
  DeleteWebhookEndpointV1,
  GetWebhookEndpointV1,
  GetWebhookDeliveryV1,
  GetWebhookSigningSecretV1,
  ListMerchantWebhookDeliveriesV1,
  ListWebhookDeliveriesV1,
  RecoverWebhookEndpointV1,
  RetryWebhookDeliveryV1,
  RotateWebhookSecretV1,
  RotateWebhookSigningSecretV1,
  TestWebhookEndpointV1,
  UpdateWebhookEndpointV1,
  type WebhookDeliveryView,
  type WebhookEndpointView,
  type WebhookListPage,
  type WebhookRecoveryStarted,
  type WebhookSecretRotated,
  type WebhookSigningSecretView,
  type WebhookTestSent,
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

type FakeEndpoint = WebhookEndpointView & { merchant_id: string; secret: string; deleted: boolean };
type FakeDelivery = WebhookDeliveryView & { merchant_id: string };

/**
 * webhook-dispatcher in memory, scoped as the real one is: every command names a merchant and a
 * mode, and another merchant's or the other mode's endpoint (or delivery) is not found. Its rules
 * beyond that (URL checks, the limit) are the real service's and tested there; here only enough to
 * see the gateway pass their errors through.
 */
export class FakeWebhookDispatcher {
  readonly created: CreateWebhookEndpointV1[] = [];
  /** Every command received, in order, as parsed. */
  readonly commands: { command: string; payload: object }[] = [];
  readonly endpoints: FakeEndpoint[] = [];
  readonly deliveries: FakeDelivery[] = [];
  readonly signingSecrets = new Map<string, WebhookSigningSecretView>();
  /** The real default is 10 (WEBHOOK_MAX_ENDPOINTS_PER_MERCHANT). */
  maxEndpointsPerMerchant = 10;
  private seq = 0;

  private record<T extends object>(command: string, payload: T): T {
    this.commands.push({ command, payload });
    return payload;
  }

  private endpoint(q: { merchant_id: string; mode: string; endpoint_id: string }): FakeEndpoint {
    const found = this.endpoints.find((e) => e.id === q.endpoint_id && e.merchant_id === q.merchant_id && e.mode === q.mode && !e.deleted);
    if (!found) throw new NotFoundError('webhook_endpoint_not_found', 'No such webhook endpoint');
    return found;
  }

  private static view({ merchant_id: _m, secret: _s, deleted: _d, ...view }: FakeEndpoint): WebhookEndpointView {
    return view;
  }

  private static deliveryView({ merchant_id: _m, ...view }: FakeDelivery): WebhookDeliveryView {
    return view;
  }

  /** A delivery in the endpoint's log, as the delivery engine would have made it. */
  addDelivery(endpointId: string, fields: Partial<WebhookDeliveryView> = {}): WebhookDeliveryView {
    const endpoint = this.endpoints.find((e) => e.id === endpointId);
    if (!endpoint) throw new Error(`no fake endpoint ${endpointId}`);
    this.seq += 1;
    const delivery: FakeDelivery = {
      merchant_id: endpoint.merchant_id,
      id: `wd_fake${this.seq}`,
      endpoint_id: endpoint.id,
      callback_url: null,
      mode: endpoint.mode,
      event_id: `evt_fake${this.seq}`,
      event_type: 'payment.completed',
      status: 'failed',
      attempts: 1,
      last_status_code: 500,
      last_error: null,
      next_attempt_at: null,
      delivered_at: null,
      created_at: new Date().toISOString(),
      attempt_log: [{ attempt: 1, attempted_at: new Date().toISOString(), status_code: 500, duration_ms: 12, error: null, response_excerpt: 'oops' }],
      ...fields,
    };
    this.deliveries.push(delivery);
    return FakeWebhookDispatcher.deliveryView(delivery);
  }

  /** A delivery to a push's own callback_url (no endpoint), as the delivery engine would have made it. */
  addCallbackDelivery(
    merchantId: string,
    mode: WebhookDeliveryView['mode'],
    callbackUrl: string,
    fields: Partial<WebhookDeliveryView> = {},
  ): WebhookDeliveryView {
    this.seq += 1;
    const delivery: FakeDelivery = {
      merchant_id: merchantId,
      id: `wd_fake${this.seq}`,
      endpoint_id: null,
      callback_url: callbackUrl,
      mode,
      event_id: `evt_fake${this.seq}`,
      event_type: 'payment.completed',
      status: 'delivered',
      attempts: 1,
      last_status_code: 200,
      last_error: null,
      next_attempt_at: null,
      delivered_at: new Date().toISOString(),
      created_at: new Date().toISOString(),
      attempt_log: [{ attempt: 1, attempted_at: new Date().toISOString(), status_code: 200, duration_ms: 9, error: null, response_excerpt: 'ok' }],
      ...fields,
    };
    this.deliveries.push(delivery);
    return FakeWebhookDispatcher.deliveryView(delivery);
  }

  @OnCommand(CreateWebhookEndpointV1.command)
  async create(payload: unknown): Promise<WebhookEndpointCreated> {
    const command = this.record(CreateWebhookEndpointV1.command, parseContract(CreateWebhookEndpointV1, payload));
    if (!/^https?:\/\/[^/]/.test(command.url) || (command.mode === 'live' && !command.url.startsWith('https://')))
      throw new CodedError('invalid_webhook_url', 400, 'The webhook URL must be an absolute http(s) URL, https for a live endpoint');
    if (this.endpoints.filter((e) => e.merchant_id === command.merchant_id && !e.deleted).length >= this.maxEndpointsPerMerchant)
      throw new CodedError('webhook_endpoint_limit_reached', 422, `A merchant may have at most ${this.maxEndpointsPerMerchant} webhook endpoints`);
    this.created.push(command);
    this.seq += 1;
    const now = new Date().toISOString();
    const endpoint: FakeEndpoint = {
      merchant_id: command.merchant_id,
      secret: `whsec_ZmFrZXNlY3JldA${this.seq}==`,
      deleted: false,
      id: `we_fake${this.seq}`,
      mode: command.mode,
      url: command.url,
      events: command.events ?? [],
      description: command.description ?? null,
      status: 'enabled',
      disabled_reason: null,
      disabled_at: null,
      failing_since: null,
      previous_secret_expires_at: null,
      created_at: now,
      updated_at: now,
    };
    this.endpoints.push(endpoint);
    return { ...FakeWebhookDispatcher.view(endpoint), secret: endpoint.secret };
  }

  @OnCommand(ListWebhookEndpointsV1.command)
  async list(payload: unknown): Promise<WebhookListPage<WebhookEndpointView>> {
    const { merchant_id, mode, page = 1, limit = 100 } = this.record(ListWebhookEndpointsV1.command, parseContract(ListWebhookEndpointsV1, payload));
    const all = this.endpoints.filter((e) => e.merchant_id === merchant_id && e.mode === mode && !e.deleted).reverse();
    return { data: all.slice((page - 1) * limit, page * limit).map((e) => FakeWebhookDispatcher.view(e)), total: all.length };
  }

  @OnCommand(GetWebhookEndpointV1.command)
  async get(payload: unknown): Promise<WebhookEndpointView> {
    return FakeWebhookDispatcher.view(this.endpoint(this.record(GetWebhookEndpointV1.command, parseContract(GetWebhookEndpointV1, payload))));
  }

  @OnCommand(UpdateWebhookEndpointV1.command)
  async update(payload: unknown): Promise<WebhookEndpointView> {
    const command = this.record(UpdateWebhookEndpointV1.command, parseContract(UpdateWebhookEndpointV1, payload));
    const endpoint = this.endpoint(command);
    if (command.url !== undefined) endpoint.url = command.url;
    if (command.events !== undefined) endpoint.events = command.events;
    if (command.description !== undefined) endpoint.description = command.description;
    if (command.enabled === false && endpoint.status === 'enabled')
      Object.assign(endpoint, { status: 'disabled', disabled_reason: 'merchant', disabled_at: new Date().toISOString() });
    if (command.enabled === true) Object.assign(endpoint, { status: 'enabled', disabled_reason: null, disabled_at: null, failing_since: null });
    endpoint.updated_at = new Date().toISOString();
    return FakeWebhookDispatcher.view(endpoint);
  }

  @OnCommand(DeleteWebhookEndpointV1.command)
  async delete(payload: unknown): Promise<{ id: string; deleted: true }> {
    const endpoint = this.endpoint(this.record(DeleteWebhookEndpointV1.command, parseContract(DeleteWebhookEndpointV1, payload)));
    endpoint.deleted = true;
    return { id: endpoint.id, deleted: true };
  }

  @OnCommand(RotateWebhookSecretV1.command)
  async rotateSecret(payload: unknown): Promise<WebhookSecretRotated> {
    const endpoint = this.endpoint(this.record(RotateWebhookSecretV1.command, parseContract(RotateWebhookSecretV1, payload)));
    this.seq += 1;
    endpoint.secret = `whsec_cm90YXRlZA${this.seq}==`;
    endpoint.previous_secret_expires_at = new Date(Date.now() + 86_400_000).toISOString();
    return { id: endpoint.id, secret: endpoint.secret, previous_secret_expires_at: endpoint.previous_secret_expires_at };
  }

  @OnCommand(TestWebhookEndpointV1.command)
  async sendTest(payload: unknown): Promise<WebhookTestSent> {
    const endpoint = this.endpoint(this.record(TestWebhookEndpointV1.command, parseContract(TestWebhookEndpointV1, payload)));
    if (endpoint.status !== 'enabled') throw new CodedError('webhook_endpoint_disabled', 409, 'The webhook endpoint is disabled; re-enable it first');
    const delivery = this.addDelivery(endpoint.id, { event_type: 'webhook.test', status: 'pending', attempts: 0, last_status_code: null, attempt_log: [] });
    return { delivery_id: delivery.id, event_id: delivery.event_id };
  }

  @OnCommand(ListWebhookDeliveriesV1.command)
  async listDeliveries(payload: unknown): Promise<WebhookListPage<WebhookDeliveryView>> {
    const q = this.record(ListWebhookDeliveriesV1.command, parseContract(ListWebhookDeliveriesV1, payload));
    const endpoint = this.endpoint(q);
    const all = this.deliveries
      .filter((d) => d.endpoint_id === endpoint.id)
      .filter((d) => (q.status === undefined || d.status === q.status) && (q.event_type === undefined || d.event_type === q.event_type))
      .reverse();
    const page = q.page ?? 1;
    const limit = q.limit ?? 100;
    return { data: all.slice((page - 1) * limit, page * limit).map((d) => FakeWebhookDispatcher.deliveryView(d)), total: all.length };
  }

  @OnCommand(ListMerchantWebhookDeliveriesV1.command)
  async listAllDeliveries(payload: unknown): Promise<WebhookListPage<WebhookDeliveryView>> {
    const q = this.record(ListMerchantWebhookDeliveriesV1.command, parseContract(ListMerchantWebhookDeliveriesV1, payload));
    const all = this.deliveries
      .filter((d) => d.merchant_id === q.merchant_id && d.mode === q.mode)
      .filter((d) => (q.status === undefined || d.status === q.status) && (q.event_type === undefined || d.event_type === q.event_type))
      .filter(
        (d) => (q.from === undefined || d.created_at >= new Date(q.from).toISOString()) && (q.to === undefined || d.created_at <= new Date(q.to).toISOString()),
      )
      .filter((d) => q.endpoint_id === undefined || d.endpoint_id === q.endpoint_id)
      .filter((d) => q.destination === undefined || (q.destination === 'endpoint' ? d.endpoint_id !== null : d.callback_url !== null))
      .reverse();
    const page = q.page ?? 1;
    const limit = q.limit ?? 100;
    return { data: all.slice((page - 1) * limit, page * limit).map((d) => FakeWebhookDispatcher.deliveryView(d)), total: all.length };
  }

  @OnCommand(GetWebhookDeliveryV1.command)
  async getDelivery(payload: unknown): Promise<WebhookDeliveryView> {
    const command = this.record(GetWebhookDeliveryV1.command, parseContract(GetWebhookDeliveryV1, payload));
    const delivery = this.deliveries.find((d) => d.id === command.delivery_id && d.merchant_id === command.merchant_id && d.mode === command.mode);
    if (!delivery) throw new NotFoundError('webhook_delivery_not_found', 'No such webhook delivery');
    return FakeWebhookDispatcher.deliveryView(delivery);
  }

  @OnCommand(RetryWebhookDeliveryV1.command)
  async retry(payload: unknown): Promise<WebhookDeliveryView> {
    const command = this.record(RetryWebhookDeliveryV1.command, parseContract(RetryWebhookDeliveryV1, payload));
    const delivery = this.deliveries.find((d) => d.id === command.delivery_id && d.merchant_id === command.merchant_id && d.mode === command.mode);
    if (!delivery) throw new NotFoundError('webhook_delivery_not_found', 'No such webhook delivery');
    Object.assign(delivery, { status: 'pending', next_attempt_at: new Date().toISOString() });
    return FakeWebhookDispatcher.deliveryView(delivery);
  }

  @OnCommand(RecoverWebhookEndpointV1.command)
  async recover(payload: unknown): Promise<WebhookRecoveryStarted> {
    const command = this.record(RecoverWebhookEndpointV1.command, parseContract(RecoverWebhookEndpointV1, payload));
    const endpoint = this.endpoint(command);
    if (endpoint.status !== 'enabled') throw new CodedError('webhook_endpoint_disabled', 409, 'The webhook endpoint is disabled; re-enable it first');
    const failed = this.deliveries.filter(
      (d) => d.endpoint_id === endpoint.id && d.status === 'failed' && d.created_at >= new Date(command.since).toISOString(),
    );
    for (const d of failed) d.status = 'pending';
    return { endpoint_id: endpoint.id, resent: failed.length };
  }

  private signingSecret(merchantId: string, mode: WebhookSigningSecretView['mode']): WebhookSigningSecretView {
    const key = `${merchantId}:${mode}`;
    if (!this.signingSecrets.has(key)) {
      this.seq += 1;
      this.signingSecrets.set(key, { mode, secret: `whsec_c2lnbmluZw${this.seq}==`, previous_secret_expires_at: null, created_at: new Date().toISOString() });
    }
    return this.signingSecrets.get(key)!;
  }

  @OnCommand(GetWebhookSigningSecretV1.command)
  async getSigningSecret(payload: unknown): Promise<WebhookSigningSecretView> {
    const { merchant_id, mode } = this.record(GetWebhookSigningSecretV1.command, parseContract(GetWebhookSigningSecretV1, payload));
    return this.signingSecret(merchant_id, mode);
  }

  @OnCommand(RotateWebhookSigningSecretV1.command)
  async rotateSigningSecret(payload: unknown): Promise<WebhookSigningSecretView> {
    const { merchant_id, mode } = this.record(RotateWebhookSigningSecretV1.command, parseContract(RotateWebhookSigningSecretV1, payload));
    this.seq += 1;
    const rotated = {
      ...this.signingSecret(merchant_id, mode),
      secret: `whsec_cm90YXRlZA${this.seq}==`,
      previous_secret_expires_at: new Date(Date.now() + 86_400_000).toISOString(),
    };
    this.signingSecrets.set(`${merchant_id}:${mode}`, rotated);
    return rotated;
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
