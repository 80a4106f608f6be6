import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ApiKeysController } from './api-keys.controller';
import { IssueOAuthToken } from './issue-oauth-token.use-case';
import { ManageApiKeys } from './manage-api-keys.use-case';
import { OAuthController } from './oauth.controller';

@Module({
  imports: [AuthModule],
  controllers: [ApiKeysController, OAuthController],
  providers: [ManageApiKeys, IssueOAuthToken],
  exports: [ManageApiKeys],
})
export class KeysModule {}
