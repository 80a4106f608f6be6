import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { API_MODES, type ApiMode } from '@lipa/contracts';

export class CreateApiKeyDto {
  @IsOptional() @IsString() @MaxLength(64) label?: string;
  @IsIn(API_MODES, { message: 'mode must be test or live' }) mode: ApiMode;
}

/** RFC 6749 §4.4, as a form or JSON body; the client may also authenticate with HTTP Basic. */
export class OAuthTokenDto {
  @IsString() @MaxLength(64) grant_type: string;
  @IsOptional() @IsString() @MaxLength(128) client_id?: string;
  @IsOptional() @IsString() @MaxLength(128) client_secret?: string;
  @IsOptional() @IsString() @MaxLength(256) scope?: string;
}
