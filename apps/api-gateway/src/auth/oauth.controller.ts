import { Body, Controller, Header, HttpCode, Headers, Post } from '@nestjs/common';
import { CodedError, UnauthorizedError } from '@lipa/platform';
import { OAuthTokenDto } from './auth.dto';
import { AuthService } from './auth.service';

/** Reads `Authorization: Basic base64(client_id:client_secret)` (RFC 6749 §2.3.1). */
export function basicCredentials(authorization: string | undefined): { clientId: string; clientSecret: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const at = decoded.indexOf(':');
  if (at < 0) return null;
  return { clientId: decodeURIComponent(decoded.slice(0, at)), clientSecret: decodeURIComponent(decoded.slice(at + 1)) };
}

@Controller('v1/oauth')
export class OAuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async token(@Body() body: OAuthTokenDto, @Headers('authorization') authorization?: string) {
    if (body.grant_type !== 'client_credentials') {
      throw new CodedError('unsupported_grant_type', 400, 'grant_type must be client_credentials');
    }
    const basic = basicCredentials(authorization);
    const clientId = body.client_id ?? basic?.clientId;
    const clientSecret = body.client_secret ?? basic?.clientSecret;
    if (!clientId || !clientSecret) throw new UnauthorizedError('invalid_client', 'client_id and client_secret are required');
    const { accessToken, expiresIn } = await this.auth.issueOAuthToken(clientId, clientSecret);
    return { success: true, message: 'Access token issued', access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn };
  }
}
