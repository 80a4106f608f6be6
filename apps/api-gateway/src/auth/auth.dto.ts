import { IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { API_MODES, type ApiMode } from '@lipa/contracts';
import { IsKenyanMsisdn } from '../http/validators';

export class RegisterDto {
  @IsString() @Matches(/^[A-Za-z0-9_.-]{3,32}$/, { message: 'username must be 3-32 letters, digits, ".", "_" or "-"' }) username: string;
  @IsString() @MaxLength(254) @IsEmail({}, { message: 'email must be an email address' }) email: string;
  @IsString() @MinLength(8, { message: 'password must be at least 8 characters' }) @MaxLength(256) password: string;
  @IsKenyanMsisdn() phone: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(128) business_name?: string;
}

export class LoginDto {
  @ValidateIf((o: LoginDto) => o.email === undefined) @IsString({ message: 'username or email is required' }) @MaxLength(254) username?: string;
  @ValidateIf((o: LoginDto) => o.username === undefined) @IsString({ message: 'username or email is required' }) @MaxLength(254) email?: string;
  @IsString() @MaxLength(256) password: string;
}

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
