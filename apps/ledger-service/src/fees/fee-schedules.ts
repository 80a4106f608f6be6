import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { FeeScheduleOverridesJson, FeeSchedulesJson, FeeSchedulesView } from '@lipa/contracts';
import {
  DEFAULT_FEE_SCHEDULES,
  FeeSchedule,
  FeeScheduleJson,
  TRANSACTION_TYPES,
  TransactionType,
  feeScheduleToJson,
  parseFeeSchedule,
  resolveSchedule,
} from '@lipa/money';
import { FeeScheduleRepository } from './fee-schedule.repository';

/** A stored schedule was valid when written; one that no longer parses is a bug to see, not a fee to guess. */
function parseStored(json: FeeScheduleJson, where: string): FeeSchedule {
  const parsed = parseFeeSchedule(json);
  if (!parsed.ok) throw new Error(`stored fee schedule ${where} no longer parses: ${parsed.problems.map((p) => `${p.path}: ${p.code}`).join('; ')}`);
  return parsed.schedule;
}

export interface LoadedSchedules {
  platform: Record<TransactionType, FeeSchedule>;
  overrides: Partial<Record<TransactionType, FeeSchedule>>;
}

/** Reads the schedules that apply: the platform's rows over DEFAULT_FEE_SCHEDULES, a merchant's overrides over those. */
@Injectable()
export class FeeSchedules {
  constructor(private readonly repository: FeeScheduleRepository) {}

  async load(tx: EntityManager, merchantId?: string): Promise<LoadedSchedules> {
    const rows = await this.repository.list(tx, merchantId);
    const platform = { ...DEFAULT_FEE_SCHEDULES } as Record<TransactionType, FeeSchedule>;
    const overrides: Partial<Record<TransactionType, FeeSchedule>> = {};
    for (const [type, json] of rows.platform) platform[type] = parseStored(json, `platform/${type}`);
    for (const [type, json] of rows.merchant) overrides[type] = parseStored(json, `merchant ${merchantId}/${type}`);
    return { platform, overrides };
  }

  async effective(tx: EntityManager, merchantId: string, type: TransactionType): Promise<FeeSchedule> {
    const { platform, overrides } = await this.load(tx, merchantId);
    return resolveSchedule(platform, overrides, type);
  }

  async view(tx: EntityManager, merchantId?: string): Promise<FeeSchedulesView> {
    const { platform, overrides } = await this.load(tx, merchantId);
    const all = (pick: (type: TransactionType) => FeeSchedule) =>
      Object.fromEntries(TRANSACTION_TYPES.map((type) => [type, feeScheduleToJson(pick(type))])) as FeeSchedulesJson;
    const view: FeeSchedulesView = { platform_defaults: all((type) => platform[type]) };
    if (merchantId === undefined) return view;
    const own: FeeScheduleOverridesJson = {};
    for (const type of TRANSACTION_TYPES) {
      const override = overrides[type];
      if (override) own[type] = feeScheduleToJson(override);
    }
    return { ...view, merchant_id: merchantId, overrides: own, effective: all((type) => resolveSchedule(platform, overrides, type)) };
  }
}
