import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { API_MODES, type ApiMode } from '@lipa/contracts';

export class CreateApiKeyDto {
  @ApiPropertyOptional({ maxLength: 64, description: 'Your name for the key, shown in lists.', example: 'Shop server' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  label?: string;
  @ApiProperty({ enum: API_MODES, description: '`live` needs the merchant approved for live payments (403 `live_not_approved`).', example: 'test' })
  @IsIn(API_MODES, { message: 'mode must be test or live' })
  mode: ApiMode;
}

/** RFC 6749 §4.4, as a form or JSON body; the client may also authenticate with HTTP Basic. */
export class OAuthTokenDto {
  @ApiProperty({
    maxLength: 64,
    description: 'Only `client_credentials` is supported (400 `unsupported_grant_type` otherwise).',
    example: 'client_credentials',
  })
  @IsString()
  @MaxLength(64)
  grant_type: string;
  @ApiPropertyOptional({ maxLength: 128, description: 'The key id, `ak_…`. Leave out when sending HTTP Basic.', example: 'ak_test_TfnWprOjGf1FVoWuGjimGg' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  client_id?: string;
  @ApiPropertyOptional({
    maxLength: 128,
    description: 'The secret, `sk_…`, of the same key. Leave out when sending HTTP Basic.',
    example: 'sk_test_RyCqreITVdrFbYkfTUZSefrFjsDwHqIr48b0wod1BhQ',
  })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  client_secret?: string;
  @ApiPropertyOptional({ maxLength: 256, description: 'Accepted and ignored: a token can do what its key can.' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  scope?: string;
}
