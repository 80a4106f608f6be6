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
