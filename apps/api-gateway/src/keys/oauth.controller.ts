import { Body, Controller, Header, Headers, HttpCode, Post, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CodedError } from '@lipa/platform';
import { invalidClient } from '../auth/auth.errors';
import { validationError } from '../auth/auth.openapi';
import { ApiErrors, ApiPublic } from '../http/openapi';
import { AuthAttemptGuard } from '../rate-limit/auth-attempt.guard';
import { IssueOAuthToken } from './issue-oauth-token.use-case';
import { OAuthErrorFilter } from './oauth-error.filter';
import { OAuthTokenDto } from './keys.dto';
import { OAuthTokenResponse } from './keys.openapi';

/**
 * Reads `Authorization: Basic base64(client_id:client_secret)` (RFC 6749 §2.3.1). Anything malformed
 * (not base64, no colon, bad percent-encoding) is null, which the route answers 401 invalid_client.
 */
export function basicCredentials(authorization: string | undefined): { clientId: string; clientSecret: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const at = decoded.indexOf(':');
  if (at < 0) return null;
  try {
    return { clientId: decodeURIComponent(decoded.slice(0, at)), clientSecret: decodeURIComponent(decoded.slice(at + 1)) };
  } catch {
    return null;
  }
}

@Controller('v1/oauth')
@UseFilters(OAuthErrorFilter)
@ApiTags('OAuth')
export class OAuthController {
  constructor(private readonly issue: IssueOAuthToken) {}

  @Post('token')
  @UseGuards(AuthAttemptGuard)
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({
    summary: 'Get an OAuth access token',
    description:
      "OAuth 2.0 client credentials (RFC 6749 §4.4): `client_id` is an API key's `ak_…` and `client_secret` its `sk_…`, sent in the body (form or JSON) or as `Authorization: Basic base64(client_id:client_secret)`. The token acts as that key, in its mode, until `expires_in` seconds pass or the key is revoked. Errors carry this API's error body plus RFC 6749 §5.2's `error` and `error_description` (and `WWW-Authenticate` after HTTP Basic). Token requests count against the per-IP sign-up and log-in limit.",
  })
  // The client authenticates with what it sends here, not with a security scheme.
  @ApiPublic()
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({
    type: OAuthTokenDto,
    examples: {
      body: {
        summary: 'Client credentials in the body',
        value: {
          grant_type: 'client_credentials',
          client_id: 'ak_test_TfnWprOjGf1FVoWuGjimGg',
          client_secret: 'sk_test_RyCqreITVdrFbYkfTUZSefrFjsDwHqIr48b0wod1BhQ',
        },
      },
      basic: { summary: 'Client credentials as HTTP Basic (in the Authorization header)', value: { grant_type: 'client_credentials' } },
    },
  })
  @ApiHeader({
    name: 'authorization',
    required: false,
    description:
      '`Basic base64(client_id:client_secret)` (each percent-encoded first, RFC 6749 §2.3.1), instead of the two body fields. A field sent in the body wins over the same one in Basic. A malformed Basic value is 401 `invalid_client`.',
  })
  @ApiOkResponse({ type: OAuthTokenResponse, description: 'A bearer token for the key.' })
  @ApiErrors(
    validationError('grant_type is required', { header: false }),
    'invalid_json',
    'unsupported_grant_type',
    {
      code: 'invalid_client',
      status: 401,
      description: 'No client credentials, a malformed Basic header, or a client_id and client_secret that are not one active API key.',
      message: 'Invalid client_id or client_secret',
    },
    {
      code: 'merchant_suspended',
      status: 403,
      description: 'The merchant is suspended; no token is issued until an admin reactivates it.',
      message: 'This merchant account is suspended',
    },
  )
  async token(@Body() body: OAuthTokenDto, @Headers('authorization') authorization?: string) {
    if (body.grant_type !== 'client_credentials') {
      throw new CodedError('unsupported_grant_type', 400, 'grant_type must be client_credentials');
    }
    const basic = authorization !== undefined && /^Basic\b/i.test(authorization) ? basicCredentials(authorization) : null;
    if (authorization !== undefined && /^Basic\b/i.test(authorization) && !basic) throw invalidClient();
    const clientId = body.client_id ?? basic?.clientId;
    const clientSecret = body.client_secret ?? basic?.clientSecret;
    if (!clientId || !clientSecret) throw invalidClient();
    const { accessToken, expiresIn } = await this.issue.execute(clientId, clientSecret);
    return { success: true, message: 'Access token issued', access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn };
  }
}
