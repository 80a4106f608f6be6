import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { UpstreamModule } from '../upstream/upstream.module';
import { WebhookEndpointsController } from './webhook-endpoints.controller';

@Module({ imports: [AuthModule, UpstreamModule], controllers: [WebhookEndpointsController] })
export class WebhooksModule {}
