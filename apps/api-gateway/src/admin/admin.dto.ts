import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { PageQuery } from '../http/pagination';
import { IfPresent } from '../http/validators';
import { AUDIT_ACTIONS } from './admin.openapi';

export class MerchantSearchQuery extends PageQuery {
  /** Part of a username, email, business name or phone. */
  @ApiPropertyOptional({ maxLength: 100, description: 'Part of a username, email, business name or phone, in any case.', example: 'mboga' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
  @ApiPropertyOptional({ enum: ['active', 'suspended'] }) @IsOptional() @IsIn(['active', 'suspended']) status?: 'active' | 'suspended';
  @ApiPropertyOptional({ enum: ['merchant', 'admin'] }) @IsOptional() @IsIn(['merchant', 'admin']) role?: 'merchant' | 'admin';
}

export class SuspendMerchantDto {
  @ApiProperty({ minLength: 1, maxLength: 500, description: 'Kept on the merchant and in the audit log.', example: 'Chargebacks under review' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason: string;
}

export class MerchantSwitchesDto {
  @ApiPropertyOptional({ example: true }) @IfPresent() @IsBoolean() withdrawal_enabled?: boolean;
  @ApiPropertyOptional({ example: true }) @IfPresent() @IsBoolean() send_money_enabled?: boolean;
  @ApiPropertyOptional({ example: false }) @IfPresent() @IsBoolean() auto_b2c_enabled?: boolean;
}

/** Either an expiry date, or a number of days from now (or from the current expiry, if later). */
export class SubscriptionDto {
  @ApiProperty({ minLength: 1, maxLength: 64, example: 'monthly' }) @IsString() @MinLength(1) @MaxLength(64) plan: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'The new expiry; required unless `days` is given (then `days` wins, but a malformed date is still refused).',
    example: '2027-01-31T23:59:59.000Z',
  })
  @ValidateIf((o: SubscriptionDto) => o.days === undefined || o.expires_at !== undefined)
  @IsISO8601({ strict: true }, { message: 'expires_at must be a real ISO 8601 date (2027-01-31 or 2027-01-31T00:00:00Z), or give days' })
  expires_at?: string;
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 3660,
    description: 'Days to add to the current expiry, or to now if it has passed; instead of `expires_at`.',
    example: 30,
  })
  @IfPresent()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3660)
  days?: number;
}

export class RateLimitDto {
  /** Requests per minute for this merchant's keys; null returns to the default. */
  @ApiProperty({
    type: 'integer',
    nullable: true,
    minimum: 1,
    maximum: 1_000_000,
    description: "Requests per minute for each of the merchant's credentials (and for its portal sessions together); null returns to the platform default.",
    example: 1200,
  })
  @ValidateIf((o: RateLimitDto) => o.per_minute !== null)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  per_minute: number | null;
}

export class PlatformSettingsDto {
  @ApiProperty({ description: 'Platform-wide switch for automatic payouts.', example: false }) @IsBoolean() auto_b2c_enabled: boolean;
}

export class AuditLogQuery extends PageQuery {
  @ApiPropertyOptional({ maxLength: 64, description: 'Only changes to this merchant.', example: 'mch_5b2e8c1f0a9d4e7b3c6f1a2d' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  merchant_id?: string;
  @ApiPropertyOptional({ maxLength: 64, description: `Only this action: ${AUDIT_ACTIONS.map((a) => `\`${a}\``).join(', ')}.`, example: 'merchant.suspend' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  action?: string;
}
