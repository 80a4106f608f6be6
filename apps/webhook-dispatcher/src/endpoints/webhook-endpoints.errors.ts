import { LipaError } from '@lipa/platform';

export class InvalidWebhookUrl extends LipaError {
  readonly code = 'invalid_webhook_url';
  readonly status = 400;
}

export class WebhookEndpointNotFound extends LipaError {
  readonly code = 'webhook_endpoint_not_found';
  readonly status = 404;
  constructor() {
    super('No such webhook endpoint');
  }
}

export class WebhookEndpointLimitReached extends LipaError {
  readonly code = 'webhook_endpoint_limit_reached';
  readonly status = 422;
  constructor(max: number) {
    super(`A merchant may have at most ${max} webhook endpoints (test and live together); delete one first`);
  }
}

export class WebhookEndpointDisabled extends LipaError {
  readonly code = 'webhook_endpoint_disabled';
  readonly status = 409;
  constructor() {
    super('The webhook endpoint is disabled; re-enable it first');
  }
}
