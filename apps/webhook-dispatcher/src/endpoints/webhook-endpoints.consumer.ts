import { Injectable } from '@nestjs/common';
import {
  CreateWebhookEndpointV1,
  DeleteWebhookEndpointV1,
  ListWebhookEndpointsV1,
  parseContract,
  WebhookEndpointCreated,
  WebhookEndpointView,
  type WebhookListPage,
} from '@lipa/contracts';
import { OnCommand } from '@lipa/messaging';
import { ManageEndpoints } from './manage-endpoints.use-case';

/** RPC from api-gateway: validate, call the use case, nothing else. */
@Injectable()
export class WebhookEndpointsConsumer {
  constructor(private readonly manage: ManageEndpoints) {}

  @OnCommand(CreateWebhookEndpointV1.command)
  create(payload: unknown): Promise<WebhookEndpointCreated> {
    return this.manage.create(parseContract(CreateWebhookEndpointV1, payload));
  }

  @OnCommand(ListWebhookEndpointsV1.command)
  list(payload: unknown): Promise<WebhookListPage<WebhookEndpointView>> {
    const command = parseContract(ListWebhookEndpointsV1, payload);
    return this.manage.list(command.merchant_id, command.page, command.limit);
  }

  @OnCommand(DeleteWebhookEndpointV1.command)
  delete(payload: unknown): Promise<{ id: string; deleted: true }> {
    const command = parseContract(DeleteWebhookEndpointV1, payload);
    return this.manage.delete(command.merchant_id, command.endpoint_id);
  }
}
