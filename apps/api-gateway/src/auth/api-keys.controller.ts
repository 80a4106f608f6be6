import { Body, Controller, Delete, Get, Param, Post, UseGuards } from '@nestjs/common';
import { singlePage } from '../http/responses';
import { type AuthContext, CurrentAuth } from './auth-context';
import { CreateApiKeyDto } from './auth.dto';
import { AuthService, credentialView } from './auth.service';
import { MerchantAuthGuard } from './merchant-auth.guard';

@Controller('v1/api-keys')
@UseGuards(MerchantAuthGuard)
export class ApiKeysController {
  constructor(private readonly auth: AuthService) {}

  /** The secret is in this answer and nowhere else, ever. */
  @Post()
  async create(@CurrentAuth() auth: AuthContext, @Body() body: CreateApiKeyDto) {
    const { credential, secret } = await this.auth.createApiKey(auth.merchantId, body);
    return {
      success: true,
      message: 'API key created; store the secret now, it is not shown again',
      id: credential.id,
      label: credential.label,
      api_key: credential.api_key,
      api_secret: secret,
      mode: credential.mode,
      created_at: credential.created_at.toISOString(),
    };
  }

  @Get()
  async list(@CurrentAuth() auth: AuthContext) {
    const keys = await this.auth.listApiKeys(auth.merchantId);
    return { success: true, message: 'API keys retrieved', ...singlePage(keys.map(credentialView)) };
  }

  @Delete(':id')
  async revoke(@CurrentAuth() auth: AuthContext, @Param('id') id: string) {
    const revoked = await this.auth.revokeApiKey(auth.merchantId, id);
    return { success: true, message: 'API key revoked', ...credentialView(revoked) };
  }
}
