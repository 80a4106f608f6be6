import { Injectable } from '@nestjs/common';
import {
  CreateWebhookEndpointV1,
  DeleteWebhookEndpointV1,
  GetWebhookEndpointV1,
  GetWebhookSigningSecretV1,
  ListWebhookEndpointsV1,
  parseContract,
  RotateWebhookSecretV1,
  RotateWebhookSigningSecretV1,
  TestWebhookEndpointV1,
  UpdateWebhookEndpointV1,
  type WebhookEndpointCreated,
  type WebhookEndpointView,
  type WebhookListPage,
  type WebhookSecretRotated,
  type WebhookSigningSecretView,
  type WebhookTestSent,
} from '@lipa/contracts';
import { OnCommand } from '@lipa/messaging';
import { GetSigningSecret } from './get-signing-secret.use-case';
import { ManageEndpoints } from './manage-endpoints.use-case';
import { RotateSecrets } from './rotate-secrets.use-case';
import { TestWebhookEndpoint } from './test-webhook-endpoint.use-case';

/** RPC from api-gateway: validate, call the use case, nothing else. Every command names its merchant and mode. */
@Injectable()
export class WebhookEndpointsConsumer {
  constructor(
    private readonly manage: ManageEndpoints,
    private readonly rotate: RotateSecrets,
    private readonly test: TestWebhookEndpoint,
    private readonly signingSecret: GetSigningSecret,
  ) {}

  @OnCommand(CreateWebhookEndpointV1.command)
  create(payload: unknown): Promise<WebhookEndpointCreated> {
    return this.manage.create(parseContract(CreateWebhookEndpointV1, payload));
  }

  @OnCommand(ListWebhookEndpointsV1.command)
  list(payload: unknown): Promise<WebhookListPage<WebhookEndpointView>> {
    const command = parseContract(ListWebhookEndpointsV1, payload);
    return this.manage.list(command.merchant_id, command.mode, command.page, command.limit);
  }

  @OnCommand(GetWebhookEndpointV1.command)
  get(payload: unknown): Promise<WebhookEndpointView> {
    const command = parseContract(GetWebhookEndpointV1, payload);
    return this.manage.get(command.merchant_id, command.mode, command.endpoint_id);
  }

  @OnCommand(UpdateWebhookEndpointV1.command)
  update(payload: unknown): Promise<WebhookEndpointView> {
    return this.manage.update(parseContract(UpdateWebhookEndpointV1, payload));
  }

  @OnCommand(DeleteWebhookEndpointV1.command)
  delete(payload: unknown): Promise<{ id: string; deleted: true }> {
    const command = parseContract(DeleteWebhookEndpointV1, payload);
    return this.manage.delete(command.merchant_id, command.mode, command.endpoint_id);
  }

  @OnCommand(RotateWebhookSecretV1.command)
  rotateSecret(payload: unknown): Promise<WebhookSecretRotated> {
    const command = parseContract(RotateWebhookSecretV1, payload);
    return this.rotate.endpointSecret(command.merchant_id, command.mode, command.endpoint_id);
  }

  @OnCommand(TestWebhookEndpointV1.command)
  sendTest(payload: unknown): Promise<WebhookTestSent> {
    const command = parseContract(TestWebhookEndpointV1, payload);
    return this.test.send(command.merchant_id, command.mode, command.endpoint_id);
  }

  @OnCommand(GetWebhookSigningSecretV1.command)
  getSigningSecret(payload: unknown): Promise<WebhookSigningSecretView> {
    const command = parseContract(GetWebhookSigningSecretV1, payload);
    return this.signingSecret.get(command.merchant_id, command.mode);
  }

  @OnCommand(RotateWebhookSigningSecretV1.command)
  rotateSigningSecret(payload: unknown): Promise<WebhookSigningSecretView> {
    const command = parseContract(RotateWebhookSigningSecretV1, payload);
    return this.rotate.signingSecret(command.merchant_id, command.mode);
  }
}
