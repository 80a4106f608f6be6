import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { WEBHOOK_DISPATCHER } from '@lipa/contracts';
import { type CommandMeta, RpcClient } from '@lipa/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { WebhookDispatcherConfig } from '../config';
import { EndpointRepository, type EndpointRow } from '../endpoints/endpoint.repository';
import { decryptSecret, parseEncryptionKey } from '../endpoints/secret-cipher';
import { SigningSecretRepository } from '../endpoints/signing-secret.repository';
import { ATTEMPT_DELIVERY, AttemptQueue, destinationKey, type AttemptDeliveryPayload } from './attempt-queue';
import { CreateDeliveries } from './create-deliveries.use-case';
import { DestinationGates, type GateResult, type Verdict } from './destination-gate';
import { type AttemptOutcome, DeliveryRepository, type DeliveryToAttempt } from './delivery.repository';
import { deferDelayMs, nearestDeferStepMs, nextRetryDelayMs, parseRetryDelays } from './retry-schedule';
import { signWebhook, webhookHeaders } from './webhook-body';
import { parsePrivateTargets, type PrivateTargets, WebhookHttpClient, type WebhookPostResult } from './webhook-http.client';
import { endpointsDisabled, webhookAttempts, webhookDeferrals } from './webhook-metrics';

/**
 * Commands one destination may have waiting in memory for a slot; more wait in the broker, booked
 * from the attempt time seen so far. A burst arrives faster than it is delivered while its events
 * are still being taken in (attempts are slow then), so a low cap books the overflow far too late
 * and the destination idles once the burst is in: 5 000 keeps a burst of that size in memory.
 */
const MAX_HELD_PER_DESTINATION = 5_000;
/** When a held command's safety copy arrives (one of DEFER_STEPS_MS). */
const HOLD_SAFETY_DELAY_MS = 30_000;

/** What happened inside the destination's slot. */
type InSlot =
  { kind: 'done' } | { kind: 'posted'; delivery: DeliveryToAttempt; destination: Extract<Destination, { kind: 'send' }>; posted: Posted; log: object };

/** Where a delivery goes now, and with which secrets; or why it goes nowhere. */
type Destination =
  { kind: 'send'; url: string; secrets: string[]; endpoint: EndpointRow | null } | { kind: 'abandon'; reason: 'endpoint_deleted' | 'endpoint_disabled' };

interface Posted {
  result: WebhookPostResult;
  attemptedAt: Date;
}

const isSuccess = (r: WebhookPostResult) => r.kind === 'response' && r.statusCode >= 200 && r.statusCode < 300;

/** Postgres text cannot hold NUL; a receiver's answer may. */
const excerptOf = (r: WebhookPostResult) => (r.kind === 'response' ? r.responseBody.replace(/\u0000/g, '') : null);

/**
 * One attempt command of one delivery (work lane). In order:
 * 1. The destination's gate (DestinationGates, in memory, before any query): over
 *    WEBHOOK_DESTINATION_CONCURRENCY attempts in flight, or its breaker open → the same command is
 *    re-queued with a delay (`concurrency` / `breaker`): no HTTP call, no attempt counted, no work
 *    slot held while waiting. Everything below runs inside one of the destination's slots.
 * 2. Stale commands do nothing: the delivery is no longer pending, or the command's `seq` is not the
 *    delivery's command_seq (a duplicate, or overtaken by a replay or a resumed deferral).
 * 3. A deleted or disabled endpoint ends the delivery `failed` (`endpoint_deleted` / `endpoint_disabled`) without an attempt.
 * 4. An earlier delivery of the same transaction to the same destination still pending → deferred
 *    (`ordering`): a later event never arrives first. It is resumed as soon as that one ends.
 * 5. POST the stored bytes, signed now by every secret valid now; then, in ONE transaction: the
 *    attempt row, the delivery's outcome, the endpoint's health, and (a retry) the next attempt
 *    command through the outbox, (an end) the next delivery in line, (an endpoint disabled) the
 *    end of its pending deliveries and `endpoint.disabled` to the merchant's other endpoints.
 * A crash after the POST and before that commit redelivers the command: one more POST with the same
 * webhook-id, which receivers de-duplicate (at least once).
 */
@Injectable()
export class AttemptDelivery implements OnModuleDestroy {
  private readonly logger = new Logger('WebhookDeliveries');
  private readonly key: Buffer;
  private readonly retryDelaysMs: number[];
  private readonly privateTargets: PrivateTargets;
  private readonly attempts = webhookAttempts();
  private readonly disabled = endpointsDisabled();
  private readonly deferrals = webhookDeferrals();
  /** Per destination, the commands waiting in this process for one of its slots (see hold()). */
  private readonly held = new Map<string, { command: AttemptDeliveryPayload; meta: CommandMeta }[]>();
  /** Delivery id → the command number held. */
  private readonly heldIds = new Map<string, number>();
  private closing = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly deliveries: DeliveryRepository,
    private readonly endpoints: EndpointRepository,
    private readonly signingSecrets: SigningSecretRepository,
    private readonly create: CreateDeliveries,
    private readonly queue: AttemptQueue,
    private readonly http: WebhookHttpClient,
    private readonly gates: DestinationGates,
    private readonly rpc: RpcClient,
    private readonly config: WebhookDispatcherConfig,
  ) {
    this.key = parseEncryptionKey(config.WEBHOOK_SECRET_ENCRYPTION_KEY);
    this.retryDelaysMs = parseRetryDelays(config.WEBHOOK_RETRY_DELAYS_MS);
    this.privateTargets = parsePrivateTargets(config.WEBHOOK_ALLOWED_PRIVATE_TARGETS);
  }

  onModuleDestroy(): void {
    // Held commands are dropped: their safety copies bring them back (here or in another replica).
    this.closing = true;
    this.held.clear();
    this.gates.shutdown();
  }

  async execute(command: AttemptDeliveryPayload, meta: CommandMeta): Promise<void> {
    if (this.heldIds.get(command.delivery_id) === command.seq) {
      // The safety copy of a command this process holds (below): while it is held, the copy waits again.
      await this.sendDelayedCopy(command, meta, HOLD_SAFETY_DELAY_MS);
      return;
    }
    let key = command.destination;
    if (key === undefined) {
      // A command queued before commands named their destination: find it.
      const row = await this.deliveries.findById(this.dataSource.manager, command.delivery_id);
      if (!row) return;
      key = destinationKey(row);
    }
    // The destination's limit and breaker first, in memory: a full or broken destination costs no query.
    let gated: GateResult<InSlot>;
    try {
      gated = await this.gates.run<InSlot>(
        key,
        () => this.inSlot(command, meta),
        (r) => (r.kind === 'posted' ? this.verdictOf(r.posted.result) : 'neutral'),
        { returning: (command.deferrals ?? 0) > 0 },
      );
    } catch (err) {
      this.release(key); // it ran (and threw): its slot is free
      throw err;
    }
    if (gated.kind === 'deferred') {
      if (gated.reason === 'concurrency' && (this.held.get(key)?.length ?? 0) < MAX_HELD_PER_DESTINATION) await this.hold(key, command, meta);
      else await this.deferOutsideTheDatabase(command, key, gated.reason, gated.waitMs, meta);
      return;
    }
    try {
      const r = gated.value;
      if (r.kind === 'posted') await this.record(r.delivery, command.seq, r.destination, r.posted, meta, r.log);
    } finally {
      this.release(key);
    }
  }

  /**
   * The destination is busy: the command waits in this process's memory for the next free slot of
   * that destination (taken in arrival order as attempts finish) instead of in the broker, so a busy
   * but healthy destination gets its slots refilled at once. The work-lane message is acked (no slot
   * held while waiting) only after a safety copy is confirmed in a TTL queue: if this process stops,
   * the copy arrives within HOLD_SAFETY_DELAY_MS and the delivery goes on; while the command is
   * still held here, an arriving copy just waits again.
   */
  private async hold(key: string, command: AttemptDeliveryPayload, meta: CommandMeta): Promise<void> {
    this.gates.cancelBooking(key);
    const queue = this.held.get(key) ?? [];
    this.held.set(key, queue);
    const entry = { command: { ...command, destination: key }, meta };
    queue.push(entry);
    this.heldIds.set(command.delivery_id, command.seq);
    try {
      await this.sendDelayedCopy(entry.command, meta, HOLD_SAFETY_DELAY_MS);
    } catch (err) {
      queue.splice(queue.indexOf(entry), 1);
      this.heldIds.delete(command.delivery_id);
      throw err; // not acked: the broker redelivers it
    }
    this.deferrals.inc({ reason: 'concurrency' });
    if (this.gates.inFlight(key) === 0) this.release(key); // every attempt ended while the copy was being confirmed
  }

  /** A slot of `key` was freed: the oldest held command of that destination takes it. */
  private release(key: string): void {
    if (this.closing) return;
    const next = this.held.get(key)?.shift();
    if (!next) {
      this.held.delete(key);
      return;
    }
    void this.runHeld(key, next).catch((err: unknown) =>
      // Its safety copy takes over.
      this.logger.error({ msg: 'webhook.held_attempt_failed', delivery_id: next.command.delivery_id, err: (err as Error).message }),
    );
  }

  private async runHeld(key: string, entry: { command: AttemptDeliveryPayload; meta: CommandMeta }): Promise<void> {
    try {
      const gated = await this.gates.run<InSlot>(
        key,
        () => this.inSlot(entry.command, entry.meta),
        (r) => (r.kind === 'posted' ? this.verdictOf(r.posted.result) : 'neutral'),
      );
      if (gated.kind === 'deferred') {
        if (gated.reason === 'concurrency') {
          // Taken by a newcomer meanwhile: first in line again (its safety copy is still out there).
          this.gates.cancelBooking(key);
          const queue = this.held.get(key) ?? [];
          this.held.set(key, queue);
          queue.unshift(entry);
          return;
        }
        // The breaker opened: this one waits in the broker; so will the rest of the line (released below, one by one).
        this.heldIds.delete(entry.command.delivery_id);
        await this.deferOutsideTheDatabase(entry.command, key, gated.reason, gated.waitMs, entry.meta);
        return;
      }
      const r = gated.value;
      if (r.kind === 'posted') await this.record(r.delivery, entry.command.seq, r.destination, r.posted, entry.meta, r.log);
    } finally {
      // Unless it went back to the head of the line, it is no longer held, and the next one goes.
      if (!this.held.get(key)?.includes(entry)) {
        this.heldIds.delete(entry.command.delivery_id);
        this.release(key);
      }
    }
  }

  private sendDelayedCopy(command: AttemptDeliveryPayload, meta: CommandMeta, delayMs: number): Promise<void> {
    return this.rpc.sendDelayed(WEBHOOK_DISPATCHER, ATTEMPT_DELIVERY, command, { correlationId: meta.correlationId, merchantId: meta.merchantId }, delayMs, {
      lane: 'work',
    });
  }

  /** What runs while holding one of the destination's slots: the checks that need the database, then the POST. */
  private async inSlot(command: AttemptDeliveryPayload, meta: CommandMeta): Promise<InSlot> {
    const db = this.dataSource.manager;
    const delivery = await this.deliveries.findForAttempt(db, command.delivery_id);
    if (!delivery || delivery.status !== 'pending' || delivery.command_seq !== command.seq) return { kind: 'done' };
    const log = {
      delivery_id: delivery.id,
      event_id: delivery.event_id,
      endpoint_id: delivery.endpoint_id,
      merchant_id: delivery.merchant_id,
      correlation_id: meta.correlationId,
    };

    const destination = await this.destinationOf(db, delivery);
    if (destination.kind === 'abandon') {
      await this.dataSource.transaction(async (tx) => {
        if (await this.deliveries.abandon(tx, delivery.id, destination.reason)) await this.resumeNextInLine(tx, delivery.id, meta.correlationId);
      });
      this.logger.log({ ...log, msg: 'webhook.delivery_abandoned', reason: destination.reason });
      return { kind: 'done' };
    }

    if (delivery.blocker_id !== null) {
      const waitMs = delivery.blocker_next_attempt_at ? new Date(delivery.blocker_next_attempt_at).getTime() - Date.now() : 0;
      await this.deferForOrder(delivery, waitMs, meta, log);
      return { kind: 'done' };
    }

    return { kind: 'posted', delivery, destination, posted: await this.post(delivery, destination), log };
  }

  private async destinationOf(db: EntityManager, d: DeliveryToAttempt): Promise<Destination> {
    if (d.endpoint_id !== null) {
      const endpoint = await this.endpoints.findById(db, d.endpoint_id);
      if (!endpoint || endpoint.deleted_at) return { kind: 'abandon', reason: 'endpoint_deleted' };
      if (endpoint.status !== 'enabled') return { kind: 'abandon', reason: 'endpoint_disabled' };
      return {
        kind: 'send',
        url: endpoint.url,
        secrets: this.validSecrets(endpoint.secret_encrypted, endpoint.previous_secret_encrypted, endpoint.previous_secret_expires_at),
        endpoint,
      };
    }
    const url = d.callback_url!;
    const secret = await this.signingSecrets.ensure(db, d.merchant_id, d.mode);
    return {
      kind: 'send',
      url,
      secrets: this.validSecrets(secret.secret_encrypted, secret.previous_secret_encrypted, secret.previous_secret_expires_at),
      endpoint: null,
    };
  }

  /** The current secret and, until its overlap ends, the previous one. */
  private validSecrets(current: string, previous: string | null, previousExpiresAt: Date | null): string[] {
    const secrets = [decryptSecret(this.key, current)];
    if (previous && previousExpiresAt && new Date(previousExpiresAt).getTime() > Date.now()) secrets.push(decryptSecret(this.key, previous));
    return secrets;
  }

  private async post(d: DeliveryToAttempt, destination: Extract<Destination, { kind: 'send' }>): Promise<Posted> {
    const attemptedAt = new Date();
    const signature = signWebhook(destination.secrets, d.event_id, attemptedAt, d.body);
    const result = await this.http.post({
      url: destination.url,
      headers: webhookHeaders(d.event_id, attemptedAt, signature),
      body: d.body,
      timeoutMs: this.config.WEBHOOK_TIMEOUT_MS,
      privateTargets: this.privateTargets,
    });
    return { result, attemptedAt };
  }

  /** A refused address says nothing about the receiver's health; every other non-2xx does. */
  private verdictOf(result: WebhookPostResult): Verdict {
    if (isSuccess(result)) return 'success';
    return result.kind === 'refused' ? 'neutral' : 'failure';
  }

  /**
   * An earlier delivery of the transaction is pending at this destination: the command number goes
   * up and the next command is queued after a delay, in one transaction; the delivery is marked
   * `ordering`, so the earlier one's end resumes it at once (the delay is only the fallback).
   */
  private async deferForOrder(d: DeliveryToAttempt, waitMs: number, meta: CommandMeta, log: object): Promise<void> {
    const delayMs = deferDelayMs(waitMs, d.deferrals);
    const queued = await this.dataSource.transaction(async (tx) => {
      const next = await this.deliveries.defer(tx, d.id, d.command_seq, 'ordering', delayMs);
      if (next) await this.queue.add(tx, next, meta.correlationId, delayMs);
      return next;
    });
    if (!queued) return;
    this.deferrals.inc({ reason: 'ordering' });
    this.logger.debug({ ...log, msg: 'webhook.attempt_deferred', reason: 'ordering', delay_ms: delayMs, deferrals: d.deferrals + 1 });
  }

  /**
   * The destination is full or its breaker is open: the same command (same number, one more
   * deferral) goes to the work lane's TTL queue, confirmed by the broker before this one is acked.
   * Nothing changed in the database, so there is nothing to commit with it; a crash between the
   * confirm and the ack leaves two copies of one command, and the second finds the delivery handled
   * (or makes one more POST with the same webhook-id: at least once).
   */
  private async deferOutsideTheDatabase(
    command: AttemptDeliveryPayload,
    key: string,
    reason: 'concurrency' | 'breaker',
    waitMs: number,
    meta: CommandMeta,
  ): Promise<void> {
    const deferrals = (command.deferrals ?? 0) + 1;
    // Busy: when the gate expects a slot free for it. An open breaker: when it half-opens, and less
    // often (up to 30 s) the longer it stays broken.
    const delayMs = reason === 'concurrency' ? nearestDeferStepMs(waitMs) : deferDelayMs(Math.max(waitMs, 1_000), deferrals - 1, 30_000);
    await this.sendDelayedCopy({ ...command, destination: key, deferrals }, meta, delayMs);
    this.deferrals.inc({ reason });
    this.logger.debug({ msg: 'webhook.attempt_deferred', delivery_id: command.delivery_id, destination: key, reason, delay_ms: delayMs, deferrals });
  }

  private async record(
    d: DeliveryToAttempt,
    seq: number,
    destination: Extract<Destination, { kind: 'send' }>,
    { result, attemptedAt }: Posted,
    meta: CommandMeta,
    log: object,
  ): Promise<void> {
    const statusCode = result.kind === 'response' ? result.statusCode : null;
    const succeeded = isSuccess(result);
    const error = result.kind === 'response' ? (succeeded ? null : `http_${statusCode}`) : result.error;
    const endpoint = destination.endpoint;

    const decided = await this.dataSource.transaction(async (tx) => {
      const claim = await this.deliveries.claimAndRecordAttempt(tx, seq, {
        deliveryId: d.id,
        attemptedAt,
        statusCode,
        error,
        durationMs: result.durationMs,
        responseExcerpt: excerptOf(result),
      });
      if (!claim) return null;
      // A replay (or a duplicate command) took the delivery over while this POST ran: it was logged, the new owner decides.
      if (!claim.owns) return { attempt: claim.attempt, outcome: null, disabledReason: null };

      let disabledReason: 'gone' | 'failing' | null = null;
      let outcome: AttemptOutcome;
      if (succeeded) {
        outcome = { status: 'delivered' };
        // Clears the failure clock; not run when it was clear as the attempt started (a failure recorded since
        // then by a concurrent attempt stands, as if this success had committed first).
        if (endpoint?.failing_since) await this.endpoints.markSucceeded(tx, endpoint.id);
      } else if (result.kind === 'refused') {
        outcome = { status: 'failed' }; // the address will not change by waiting
        if (endpoint) disabledReason = (await this.endpoints.markFailed(tx, endpoint.id, this.config.WEBHOOK_DISABLE_AFTER_MS)).disabled ? 'failing' : null;
      } else if (statusCode === 410) {
        outcome = { status: 'failed' }; // Gone: the receiver says it will never take this again
        if (endpoint && (await this.endpoints.disable(tx, endpoint.id, 'gone'))) disabledReason = 'gone';
      } else {
        if (endpoint) disabledReason = (await this.endpoints.markFailed(tx, endpoint.id, this.config.WEBHOOK_DISABLE_AFTER_MS)).disabled ? 'failing' : null;
        const delayMs = disabledReason ? null : nextRetryDelayMs(claim.attempt - claim.scheduleOffset, this.retryDelaysMs);
        outcome = delayMs === null ? { status: 'failed' } : { status: 'pending', nextAttemptAt: new Date(Date.now() + delayMs) };
      }

      const next = await this.deliveries.applyOutcome(tx, d.id, outcome, { statusCode, error });
      if (outcome.status === 'pending' && next) {
        await this.queue.add(tx, next, meta.correlationId, Math.max(1, outcome.nextAttemptAt.getTime() - Date.now()));
      } else {
        await this.resumeNextInLine(tx, d.id, meta.correlationId);
      }
      if (disabledReason && endpoint) {
        await this.deliveries.abandonPendingOfEndpoint(tx, endpoint.id, 'endpoint_disabled');
        const disabledRow = await this.endpoints.findById(tx, endpoint.id);
        if (disabledRow) await this.create.forEndpointDisabled(tx, disabledRow, meta.correlationId);
      }
      return { attempt: claim.attempt, outcome, disabledReason };
    });
    if (!decided) return;

    this.attempts.inc({ outcome: succeeded ? 'delivered' : result.kind === 'refused' ? 'refused' : 'failed' });
    if (decided.disabledReason) {
      this.disabled.inc({ reason: decided.disabledReason });
      this.logger.warn({ ...log, msg: 'webhook.endpoint_disabled', reason: decided.disabledReason });
    }
    this.logger.log({
      ...log,
      msg: 'webhook.attempted',
      attempt: decided.attempt,
      status_code: statusCode,
      error,
      duration_ms: result.durationMs,
      delivery_status: decided.outcome?.status ?? 'superseded',
    });
  }

  /** The next delivery of the same transaction to the same destination that waited for this one goes now. */
  private async resumeNextInLine(tx: EntityManager, deliveryId: string, correlationId: string): Promise<void> {
    const next = await this.deliveries.resumeNextInLine(tx, { id: deliveryId });
    if (next) await this.queue.add(tx, next, correlationId);
  }
}
