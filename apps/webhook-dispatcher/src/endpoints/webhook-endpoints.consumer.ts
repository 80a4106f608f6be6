import { Injectable } from '@nestjs/common';
import {
  ContractViolation,
  CreateWebhookEndpointV1,
  DeleteWebhookEndpointV1,
  ListWebhookEndpointsV1,
  parseContract,
  WebhookEndpointCreated,
  WebhookEndpointView,
} from '@lipa/contracts';
import { OnCommand } from '@lipa/messaging';
import { RequestValidationError } from '@lipa/platform';
import { ManageEndpoints } from './manage-endpoints.use-case';

/** A malformed command is the caller's mistake: answer 400, not 500. */
export function parseCommand<T extends object>(contract: new () => T, payload: unknown): T {
  try {
    return parseContract(contract, payload);
  } catch (err) {
    if (err instanceof ContractViolation) throw new RequestValidationError(err.problems.join('; ') || 'Invalid request');
    throw err;
  }
}

/** RPC from api-gateway: validate, call the use case, nothing else. */
@Injectable()
export class WebhookEndpointsConsumer {
  constructor(private readonly manage: ManageEndpoints) {}

  @OnCommand(CreateWebhookEndpointV1.command)
  create(payload: unknown): Promise<WebhookEndpointCreated> {
    return this.manage.create(parseCommand(CreateWebhookEndpointV1, payload));
  }

  @OnCommand(ListWebhookEndpointsV1.command)
  list(payload: unknown): Promise<WebhookEndpointView[]> {
    return this.manage.list(parseCommand(ListWebhookEndpointsV1, payload).merchant_id);
  }

  @OnCommand(DeleteWebhookEndpointV1.command)
  delete(payload: unknown): Promise<{ id: string; deleted: true }> {
    const command = parseCommand(DeleteWebhookEndpointV1, payload);
    return this.manage.delete(command.merchant_id, command.endpoint_id);
  }
}
