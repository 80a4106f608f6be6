import { Type } from 'class-transformer';
import { IsBoolean, IsDateString, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { PageQuery } from '../http/pagination';

export class MerchantSearchQuery extends PageQuery {
  /** Part of a username, email, business name or phone. */
  @IsOptional() @IsString() @MaxLength(100) search?: string;
  @IsOptional() @IsIn(['active', 'suspended']) status?: 'active' | 'suspended';
  @IsOptional() @IsIn(['merchant', 'admin']) role?: 'merchant' | 'admin';
}

export class SuspendMerchantDto {
  @IsString() @MinLength(1) @MaxLength(500) reason: string;
}

export class MerchantSwitchesDto {
  @IsOptional() @IsBoolean() withdrawal_enabled?: boolean;
  @IsOptional() @IsBoolean() send_money_enabled?: boolean;
  @IsOptional() @IsBoolean() auto_b2c_enabled?: boolean;
}

/** Either an expiry date, or a number of days from now (or from the current expiry, if later). */
export class SubscriptionDto {
  @IsString() @MinLength(1) @MaxLength(64) plan: string;
  @ValidateIf((o: SubscriptionDto) => o.days === undefined)
  @IsDateString({}, { message: 'expires_at must be an ISO 8601 date, or give days' })
  expires_at?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(3660) days?: number;
}

export class RateLimitDto {
  /** Requests per minute for this merchant's keys; null returns to the default. */
  @ValidateIf((o: RateLimitDto) => o.per_minute !== null) @IsInt() @Min(1) @Max(1_000_000) per_minute: number | null;
}

export class PlatformSettingsDto {
  @IsBoolean() auto_b2c_enabled: boolean;
}

export class AuditLogQuery extends PageQuery {
  @IsOptional() @IsString() @MaxLength(64) merchant_id?: string;
  @IsOptional() @IsString() @MaxLength(64) action?: string;
}
