import { Body, Controller, Delete, Get, Header, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Authenticated, SessionOnly } from '../auth/access';
import { type AuthContext, CurrentAuth, visibleMode } from '../auth/auth-context';
import { ApiAuthenticated, ApiRateLimitHeaders, ApiSessionOnly, RATE_LIMIT_HEADERS, validationError } from '../auth/auth.openapi';
import { ApiErrors, ApiPage } from '../http/openapi';
import { PageQuery, offsetOf, page } from '../http/pagination';
import { apiKeyView } from './api-key';
import { CreateApiKeyDto } from './keys.dto';
import { ApiKey, ApiKeyCreatedResponse, ApiKeyRevokedResponse } from './keys.openapi';
import { ManageApiKeys } from './manage-api-keys.use-case';

@Controller('v1/api-keys')
@ApiTags('API keys')
export class ApiKeysController {
  constructor(private readonly keys: ManageApiKeys) {}

  /** By portal session only; the secret is in this answer and nowhere else, ever. */
  @Post()
  @SessionOnly()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Create an API key',
    description:
      'Portal session only: an API key cannot make or revoke keys. The answer holds the whole secret, the only time it is ever shown. At most 25 active keys per merchant; a live key needs the merchant approved for live payments.',
  })
  @ApiSessionOnly()
  @ApiBody({
    type: CreateApiKeyDto,
    examples: {
      test: { summary: 'A test key', value: { label: 'Shop server', mode: 'test' } },
      live: { summary: 'A live key (needs approval for live)', value: { label: 'Shop server (live)', mode: 'live' } },
    },
  })
  @ApiCreatedResponse({ type: ApiKeyCreatedResponse, headers: RATE_LIMIT_HEADERS, description: 'Created; the only answer that holds the secret.' })
  @ApiErrors(validationError('mode must be test or live'), 'invalid_json', 'api_key_limit_reached', {
    code: 'live_not_approved',
    status: 403,
    description: '`mode: live` (or X-Lipa-Mode: live) before an admin approved the merchant for live payments.',
    message: 'Live keys need an admin to approve this merchant for live payments',
  })
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
  @ApiOperation({
    summary: 'List API keys',
    description:
      'The merchant’s keys, newest first, a page at a time, active and revoked, with the secret masked. An API key sees only keys of its own mode; a portal session sees both.',
  })
  @ApiAuthenticated()
  @ApiPage(ApiKey, { description: 'One page of keys.', message: 'API keys retrieved' })
  @ApiRateLimitHeaders()
  async list(@CurrentAuth() auth: AuthContext, @Query() q: PageQuery) {
    const { rows, total } = await this.keys.list(auth.merchantId, visibleMode(auth), offsetOf(q));
    return { success: true, message: 'API keys retrieved', ...page(rows.map(apiKeyView), total, q) };
  }

  @Delete(':id')
  @SessionOnly()
  @ApiOperation({
    summary: 'Revoke an API key',
    description:
      'Portal session only. Takes effect at once: the key, its secret and every OAuth token issued for it are refused from the next request. Revoking a revoked key answers the same again.',
  })
  @ApiSessionOnly()
  @ApiParam({ name: 'id', description: "The key's `id` (`key_…`), not its `api_key`.", example: 'key_3c9f1a7e5b2d4c8e0f6a1b2c' })
  @ApiOkResponse({ type: ApiKeyRevokedResponse, headers: RATE_LIMIT_HEADERS, description: 'Revoked.' })
  @ApiErrors('api_key_not_found')
  async revoke(@CurrentAuth() auth: AuthContext, @Param('id') id: string) {
    const revoked = await this.keys.revoke(auth.merchantId, id);
    return { success: true, message: 'API key revoked', ...apiKeyView(revoked) };
  }
}
