import { Injectable, Logger } from '@nestjs/common';
import { WEBHOOK_DISPATCHER } from '@lipa/contracts';
import { CommandMeta, RpcClient } from '@lipa/messaging';
import { Counter, register } from 'prom-client';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { WebhookDispatcherConfig } from '../config';
import { EndpointRepository } from '../endpoints/endpoint.repository';
import { decryptSecret, parseEncryptionKey } from '../endpoints/secret-cipher';
import { ATTEMPT_DELIVERY, AttemptDeliveryPayload } from './create-deliveries.use-case';
import { AttemptOutcome, DeliveryRepository } from './delivery.repository';
import { nextRetryDelayMs, parseRetryDelays } from './retry-schedule';
import { canonicalWebhookBody, webhookHeaders } from './webhook-payload';
import { WebhookHttpClient, WebhookPostResult } from './webhook-http.client';

function attemptsCounter(): Counter<'outcome'> {
  const name = 'lipa_webhook_attempts_total';
  return (
    (register.getSingleMetric(name) as Counter<'outcome'> | undefined) ??
    new Counter({ name, help: 'Webhook delivery attempts by outcome', labelNames: ['outcome'] })
  );
}

/**
 * One attempt of one delivery: POST the signed body, record the attempt, then either finish the
 * delivery or schedule the next attempt with a delayed command. The attempt is committed before the
 * delayed command is sent; if sending fails the handler throws, the command is redelivered and
 * makes another attempt, so a retry is never lost (at worst the receiver sees one more POST,
 * which it de-duplicates by webhook-id).
 */
@Injectable()
export class AttemptDelivery {
  private readonly logger = new Logger('WebhookDeliveries');
  private readonly key: Buffer;
  private readonly retryDelaysMs: number[];
  private readonly attempts = attemptsCounter();

  constructor(
    private readonly dataSource: DataSource,
    private readonly deliveries: DeliveryRepository,
    private readonly endpoints: EndpointRepository,
    private readonly http: WebhookHttpClient,
    private readonly rpc: RpcClient,
    private readonly config: WebhookDispatcherConfig,
  ) {
    this.key = parseEncryptionKey(config.WEBHOOK_SECRET_ENCRYPTION_KEY);
    this.retryDelaysMs = parseRetryDelays(config.WEBHOOK_RETRY_DELAYS_MS);
  }

  async execute(command: AttemptDeliveryPayload, meta: CommandMeta): Promise<void> {
    const db = this.dataSource.manager;
    const delivery = await this.deliveries.findById(db, command.delivery_id);
    if (!delivery || delivery.status !== 'pending') return; // finished already: the command is a late duplicate
    const log = { delivery_id: delivery.id, event_id: delivery.event_id, endpoint_id: delivery.endpoint_id, correlation_id: meta.correlationId };

    const endpoint = await this.endpoints.findById(db, delivery.endpoint_id);
    if (!endpoint || endpoint.deleted_at || endpoint.status !== 'enabled') {
      const reason = !endpoint || endpoint.deleted_at ? 'endpoint_deleted' : 'endpoint_disabled';
      await this.deliveries.abandon(db, delivery.id, reason);
      this.logger.log({ ...log, msg: 'webhook.delivery_abandoned', reason });
      return;
    }

    const body = JSON.stringify(canonicalWebhookBody(delivery.payload));
    const now = new Date();
    const signature = new Webhook(decryptSecret(this.key, endpoint.secret_encrypted)).sign(delivery.event_id, now, body);
    const result = await this.http.post({
      url: endpoint.url,
      headers: webhookHeaders(delivery.event_id, now, signature),
      body,
      timeoutMs: this.config.WEBHOOK_TIMEOUT_MS,
      allowPrivateTargets: this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS,
    });

    const statusCode = result.kind === 'response' ? result.statusCode : null;
    const succeeded = statusCode !== null && statusCode >= 200 && statusCode < 300;
    const error = result.kind === 'response' ? (succeeded ? null : `http_${statusCode}`) : result.error;

    const decided = await this.dataSource.transaction(async (tx) => {
      const attempt = await this.deliveries.claimAttemptNumber(tx, delivery.id);
      if (attempt === null) return null; // a concurrent attempt finished it meanwhile
      await this.deliveries.recordAttempt(tx, { deliveryId: delivery.id, attempt, statusCode, error, durationMs: result.durationMs });
      const outcome = this.outcomeOf(result, succeeded, attempt);
      await this.deliveries.applyOutcome(tx, delivery.id, outcome, { statusCode, error });
      if (succeeded) await this.endpoints.markSucceeded(tx, endpoint.id);
      else await this.endpoints.markFailed(tx, endpoint.id, this.config.WEBHOOK_DISABLE_AFTER_MS);
      return { attempt, outcome };
    });
    if (!decided) return;

    const { attempt, outcome } = decided;
    this.attempts.inc({ outcome: succeeded ? 'delivered' : result.kind === 'refused' ? 'refused' : 'failed' });
    this.logger.log({
      ...log,
      msg: 'webhook.attempted',
      attempt,
      status_code: statusCode,
      error,
      duration_ms: result.durationMs,
      delivery_status: outcome.status,
    });

    if (outcome.status === 'pending') {
      const delayMs = outcome.nextAttemptAt.getTime() - now.getTime();
      // Throws when the broker does not confirm: the command is redelivered and tries again.
      await this.rpc.sendDelayed(WEBHOOK_DISPATCHER, ATTEMPT_DELIVERY, { delivery_id: delivery.id } satisfies AttemptDeliveryPayload, meta, delayMs);
    }
  }

  private outcomeOf(result: WebhookPostResult, succeeded: boolean, attempt: number): AttemptOutcome {
    if (succeeded) return { status: 'delivered' };
    if (result.kind === 'refused') return { status: 'failed' }; // the address will not change by waiting
    const delayMs = nextRetryDelayMs(attempt, this.retryDelaysMs);
    if (delayMs === null) return { status: 'failed' };
    return { status: 'pending', nextAttemptAt: new Date(Date.now() + delayMs) };
  }
}
