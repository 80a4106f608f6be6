import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { API_MODES } from '@lipa/contracts';
import { SuccessResponse } from '../http/openapi';

/** An API key as `GET /v1/api-keys` and `GET /v1/me` show it (keys/api-key.ts apiKeyView): the secret masked. */
export class ApiKey {
  @ApiProperty({ description: 'Names the key in `DELETE /v1/api-keys/{id}`.', example: 'key_3c9f1a7e5b2d4c8e0f6a1b2c' }) id: string;
  @ApiProperty({ type: String, nullable: true, example: 'Shop server' }) label: string | null;
  @ApiProperty({ enum: API_MODES, description: 'A test key sees only test data; a live key moves real money.', example: 'test' }) mode: 'test' | 'live';
  @ApiProperty({ description: 'The public key id: `X-API-Key`, or the OAuth `client_id`.', example: 'ak_test_TfnWprOjGf1FVoWuGjimGg' }) api_key: string;
  @ApiProperty({ description: 'How the secret starts.', example: 'sk_test_' }) prefix: string;
  @ApiProperty({ description: 'The last four characters of the secret.', example: '1BhQ' }) last4: string;
  @ApiProperty({ description: 'Masked: enough to recognise the secret, never to use it.', example: 'sk_test_****1BhQ' }) api_secret: string;
  @ApiProperty({ enum: ['active', 'revoked'], example: 'active' }) status: 'active' | 'revoked';
  @ApiProperty({ format: 'date-time', example: '2026-11-24T09:30:00.000Z' }) created_at: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Written every 15 seconds or so, so it may lag a little.',
    example: '2026-11-24T10:02:11.000Z',
  })
  last_used_at: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) revoked_at: string | null;
}

export class ApiKeyCreatedResponse extends IntersectionType(SuccessResponse, ApiKey) {
  @ApiProperty({ example: 'API key created; store the secret now, it is not shown again' }) declare message: string;
  @ApiProperty({
    description:
      'The whole secret, `sk_<mode>_…`. Shown only in this answer: store it now. Send it as `Authorization: Bearer`, as `X-API-Secret`, or as the OAuth `client_secret`.',
    example: 'sk_test_RyCqreITVdrFbYkfTUZSefrFjsDwHqIr48b0wod1BhQ',
  })
  declare api_secret: string;
  @ApiProperty({ enum: ['active'], example: 'active' }) declare status: 'active' | 'revoked';
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) declare last_used_at: string | null;
}

export class ApiKeyRevokedResponse extends IntersectionType(SuccessResponse, ApiKey) {
  @ApiProperty({ example: 'API key revoked' }) declare message: string;
  @ApiProperty({ enum: ['revoked'], example: 'revoked' }) declare status: 'active' | 'revoked';
  @ApiProperty({
    type: String,
    format: 'date-time',
    description: 'When it was first revoked; revoking it again changes nothing.',
    example: '2026-11-24T11:00:00.000Z',
  })
  declare revoked_at: string | null;
}

/** `POST /v1/oauth/token`: RFC 6749 §5.1's fields beside `success` and `message`. */
export class OAuthTokenResponse extends SuccessResponse {
  @ApiProperty({ example: 'Access token issued' }) declare message: string;
  @ApiProperty({
    description: 'Send it as `Authorization: Bearer oat_…`. It acts as the key it was issued for, and ends when that key is revoked.',
    example: 'oat_9z792G4tgNi0TfXnfmjxA5pt-FG29lO1HN4Fo_94NeY',
  })
  access_token: string;
  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' }) token_type: 'Bearer';
  @ApiProperty({ description: 'Seconds the token lasts.', example: 3600 }) expires_in: number;
}
