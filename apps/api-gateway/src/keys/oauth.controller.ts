import { Body, Controller, Header, HttpCode, Headers, Post } from '@nestjs/common';
import { CodedError } from '@lipa/platform';
import { invalidClient } from '../auth/auth.errors';
import { IssueOAuthToken } from './issue-oauth-token.use-case';
import { OAuthTokenDto } from './keys.dto';

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
export class OAuthController {
  constructor(private readonly issue: IssueOAuthToken) {}

  @Post('token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  async token(@Body() body: OAuthTokenDto, @Headers('authorization') authorization?: string) {
    if (body.grant_type !== 'client_credentials') {
      throw new CodedError('unsupported_grant_type', 400, 'grant_type must be client_credentials');
    }
    const basic = authorization !== undefined && /^Basic\s/i.test(authorization) ? basicCredentials(authorization) : null;
    if (authorization !== undefined && /^Basic\s/i.test(authorization) && !basic) throw invalidClient();
    const clientId = body.client_id ?? basic?.clientId;
    const clientSecret = body.client_secret ?? basic?.clientSecret;
    if (!clientId || !clientSecret) throw invalidClient();
    const { accessToken, expiresIn } = await this.issue.execute(clientId, clientSecret);
    return { success: true, message: 'Access token issued', access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn };
  }
}
