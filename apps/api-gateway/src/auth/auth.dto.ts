import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { IsKenyanMsisdn } from '../http/validators';

export class RegisterDto {
  @ApiProperty({ pattern: '^[A-Za-z0-9_.-]{3,32}$', description: '3–32 letters, digits, `.`, `_` or `-`; unique in any case.', example: 'mama_mboga' })
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{3,32}$/, { message: 'username must be 3-32 letters, digits, ".", "_" or "-"' })
  username: string;
  @ApiProperty({ format: 'email', maxLength: 254, description: 'Unique; stored in lower case.', example: 'wanjiru@example.co.ke' })
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email: string;
  @ApiProperty({ format: 'password', minLength: 8, maxLength: 256, example: 'correct horse battery' })
  @IsString()
  @MinLength(8, { message: 'password must be at least 8 characters' })
  @MaxLength(256)
  password: string;
  /** Optional, as in the Merchant Portal; any accepted form, stored as 2547…/2541…. */
  @ApiPropertyOptional({
    description: 'A Safaricom number as 07…, 01…, 7…, +254… or 254…; stored as 2547…/2541…. A bad one is 400 `invalid_phone`.',
    example: '0712345678',
  })
  @IsOptional()
  @IsKenyanMsisdn()
  phone?: string;
  @ApiPropertyOptional({ minLength: 1, maxLength: 128, example: 'Mama Mboga Groceries' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  business_name?: string;
}

const needsLogin = (o: LoginDto) => o.user === undefined && o.username === undefined && o.email === undefined;

/** `user` (username or email) as the Merchant Portal's merchants send it, or `username`, or `email`. */
export class LoginDto {
  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 254,
    description: 'A username or an email. One of `user`, `username` or `email` is required; `user` wins when several are sent.',
    example: 'mama_mboga',
  })
  @ValidateIf((o: LoginDto) => o.user !== undefined || needsLogin(o))
  @IsString({ message: 'user (username or email) is required' })
  @MinLength(1, { message: 'user (username or email) is required' })
  @MaxLength(254)
  user?: string;
  @ApiPropertyOptional({ minLength: 1, maxLength: 254, description: 'Instead of `user`.', example: 'mama_mboga' })
  // Not @IsOptional: that would let `null` through to the log-in as a name.
  @ValidateIf((o: LoginDto) => o.username !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(254)
  username?: string;
  @ApiPropertyOptional({ minLength: 1, maxLength: 254, description: 'Instead of `user`.', example: 'wanjiru@example.co.ke' })
  @ValidateIf((o: LoginDto) => o.email !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(254)
  email?: string;
  @ApiProperty({ format: 'password', minLength: 1, maxLength: 256, example: 'correct horse battery' })
  @IsString()
  @MinLength(1, { message: 'password is required' })
  @MaxLength(256)
  password: string;
}

export function loginName(body: LoginDto): string {
  return (body.user ?? body.username ?? body.email) as string;
}
