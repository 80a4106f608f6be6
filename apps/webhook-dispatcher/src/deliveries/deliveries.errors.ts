import { LipaError } from '@lipa/platform';

export class WebhookDeliveryNotFound extends LipaError {
  readonly code = 'webhook_delivery_not_found';
  readonly status = 404;
  constructor() {
    super('No such webhook delivery');
  }
}
