import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { DEFAULT_FEE_SCHEDULES, TRANSACTION_TYPES, feeScheduleToJson } from '@lipa/money';
import type { ErrorSpec } from '../http/openapi';
import { SuccessResponse } from '../http/openapi';

const DIGITS = '^\\d+$';

/** A tier's fee: flat or percentage (a tier cannot nest tiers). */
export class TierFeeDoc {
  @ApiProperty({ enum: ['flat', 'percentage'], example: 'flat' }) kind: 'flat' | 'percentage';
  @ApiPropertyOptional({ pattern: DIGITS, description: 'flat: the fee, in minor units (cents).', example: '500' }) amount_minor?: string;
  @ApiPropertyOptional({ minimum: 0, maximum: 10000, description: 'percentage: 150 is 1.5 %.', example: 150 }) basis_points?: number;
  @ApiPropertyOptional({ pattern: DIGITS, description: 'percentage: at least this.', example: '1000' }) min_minor?: string;
  @ApiPropertyOptional({ pattern: DIGITS, description: 'percentage: at most this.', example: '50000' }) max_minor?: string;
}

export class FeeTierDoc {
  @ApiProperty({ pattern: DIGITS, description: 'Inclusive upper bound; each tier starts above the previous one.', example: '100000' }) up_to_minor: string;
  @ApiProperty({ type: TierFeeDoc }) fee: TierFeeDoc;
}

/** @lipa/money's JSON form of a schedule, as the ledger stores it (libs/money/README.md "Fee schedules"). */
export class FeeScheduleDoc extends TierFeeDoc {
  @ApiProperty({
    enum: ['flat', 'percentage', 'tiered'],
    description:
      'flat (`amount_minor`), percentage (`basis_points`, optional `min_minor`, `max_minor`; rounded half up to the cent) or tiered (`tiers`: ' +
      'the tier holding the amount prices all of it). Amounts in minor units as digit strings; unknown fields are refused.',
    example: 'percentage',
  })
  declare kind: 'flat' | 'percentage';
  @ApiPropertyOptional({ type: [FeeTierDoc], description: 'tiered: rising `up_to_minor`, the last reaching at least KES 250,000.' }) tiers?: FeeTierDoc[];
}

class FeeSchedulesByType {
  @ApiProperty({ type: FeeScheduleDoc }) stk: FeeScheduleDoc;
  @ApiProperty({ type: FeeScheduleDoc }) c2b: FeeScheduleDoc;
  @ApiProperty({ type: FeeScheduleDoc, description: "Shipped default: Safaricom's B2C tariff." }) b2c: FeeScheduleDoc;
  @ApiProperty({ type: FeeScheduleDoc }) b2b: FeeScheduleDoc;
}

class FeeOverridesByType {
  @ApiPropertyOptional({ type: FeeScheduleDoc }) stk?: FeeScheduleDoc;
  @ApiPropertyOptional({ type: FeeScheduleDoc }) c2b?: FeeScheduleDoc;
  @ApiPropertyOptional({ type: FeeScheduleDoc }) b2c?: FeeScheduleDoc;
  @ApiPropertyOptional({ type: FeeScheduleDoc }) b2b?: FeeScheduleDoc;
}

const DEFAULTS_EXAMPLE = Object.fromEntries(TRANSACTION_TYPES.map((t) => [t, feeScheduleToJson(DEFAULT_FEE_SCHEDULES[t])]));

export class PlatformFeeSchedulesResponse extends SuccessResponse {
  @ApiProperty({
    type: FeeSchedulesByType,
    description: "Per transaction type; until an admin sets one, the shipped default (b2c Safaricom's B2C tariff, the others a flat 0).",
    example: DEFAULTS_EXAMPLE,
  })
  platform_defaults: FeeSchedulesByType;
}

export class MerchantFeeSchedulesResponse extends PlatformFeeSchedulesResponse {
  @ApiProperty({ example: 'mch_5b2e8c1f0a9d4e7b3c6f1a2d' }) merchant_id: string;
  @ApiProperty({
    type: FeeOverridesByType,
    description: "The merchant's overrides, only for the types it has one.",
    example: { stk: { kind: 'flat', amount_minor: '500' } },
  })
  overrides: FeeOverridesByType;
  @ApiProperty({ type: FeeSchedulesByType, description: 'Per type, the override if any, else the platform default: what the merchant is charged.' })
  effective: FeeSchedulesByType;
}

class FeeScheduleChange {
  @ApiProperty({ enum: ['platform', 'merchant'], example: 'merchant' }) scope: 'platform' | 'merchant';
  @ApiProperty({ type: String, nullable: true, example: 'mch_5b2e8c1f0a9d4e7b3c6f1a2d' }) merchant_id: string | null;
  @ApiProperty({ enum: [...TRANSACTION_TYPES], example: 'stk' }) transaction_type: string;
  // Not a $ref: OpenAPI 3.0 ignores `nullable` beside one, and null is an answer here.
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'The schedule before, shaped as FeeScheduleDoc (a merchant without an override: null).',
  })
  before: FeeScheduleDoc | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'The schedule now, shaped as FeeScheduleDoc (an override removed: null).',
  })
  after: FeeScheduleDoc | null;
  @ApiProperty({ description: 'False when it already was that schedule.', example: true }) changed: boolean;
}

export class FeeScheduleChangeResponse extends IntersectionType(SuccessResponse, FeeScheduleChange) {}

export const INVALID_FEE_SCHEDULE: ErrorSpec = {
  code: 'invalid_fee_schedule',
  status: 400,
  description: 'The schedule is malformed; `errors` lists every problem, each with its path in the schedule (`field`) and `code`.',
  message: 'The stk fee schedule is invalid: basis_points: must be a whole number from 0 to 10000',
};
