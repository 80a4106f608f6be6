import { Body, Controller, Delete, Get, Header, Param, Post } from '@nestjs/common';
import { Authenticated, SessionOnly } from '../auth/access';
import { type AuthContext, CurrentAuth } from '../auth/auth-context';
import { singlePage } from '../http/responses';
import { apiKeyView } from './api-key';
import { CreateApiKeyDto } from './keys.dto';
import { ManageApiKeys } from './manage-api-keys.use-case';

@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ManageApiKeys) {}

  /** By portal session only; the secret is in this answer and nowhere else, ever. */
  @Post()
  @SessionOnly()
  @Header('Cache-Control', 'no-store')
  async create(@CurrentAuth() auth: AuthContext, @Body() body: CreateApiKeyDto) {
    const { credential, secret } = await this.keys.create(auth.merchantId, body);
    return {
      success: true,
      message: 'API key created; store the secret now, it is not shown again',
      ...apiKeyView(credential),
      api_secret: secret,
    };
  }

  @Get()
  @Authenticated()
  async list(@CurrentAuth() auth: AuthContext) {
    const keys = await this.keys.list(auth.merchantId);
    return { success: true, message: 'API keys retrieved', ...singlePage(keys.map(apiKeyView)) };
  }

  @Delete(':id')
  @SessionOnly()
  async revoke(@CurrentAuth() auth: AuthContext, @Param('id') id: string) {
    const revoked = await this.keys.revoke(auth.merchantId, id);
    return { success: true, message: 'API key revoked', ...apiKeyView(revoked) };
  }
}
