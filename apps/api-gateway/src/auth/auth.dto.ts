import { IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { IsKenyanMsisdn } from '../http/validators';

export class RegisterDto {
  @IsString() @Matches(/^[A-Za-z0-9_.-]{3,32}$/, { message: 'username must be 3-32 letters, digits, ".", "_" or "-"' }) username: string;
  @IsString() @MaxLength(254) @IsEmail({}, { message: 'email must be an email address' }) email: string;
  @IsString() @MinLength(8, { message: 'password must be at least 8 characters' }) @MaxLength(256) password: string;
  /** Optional, as in the Merchant Portal; any accepted form, stored as 2547…/2541…. */
  @IsOptional() @IsKenyanMsisdn() phone?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(128) business_name?: string;
}

const needsLogin = (o: LoginDto) => o.user === undefined && o.username === undefined && o.email === undefined;

/** `user` (username or email) as the Merchant Portal's merchants send it, or `username`, or `email`. */
export class LoginDto {
  @ValidateIf((o: LoginDto) => o.user !== undefined || needsLogin(o))
  @IsString({ message: 'user (username or email) is required' })
  @MinLength(1, { message: 'user (username or email) is required' })
  @MaxLength(254)
  user?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(254) username?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(254) email?: string;
  @IsString() @MinLength(1, { message: 'password is required' }) @MaxLength(256) password: string;
}

export function loginName(body: LoginDto): string {
  return (body.user ?? body.username ?? body.email) as string;
}
