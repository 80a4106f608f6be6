import { IsInt, IsOptional, IsString, Matches, Min, MinLength, ValidateIf } from 'class-validator';
import { NumberFromEnv, Secret, ServiceConfig } from '@lipa/platform';

const SHORTCODE_PAIRS = /^\d{5,7}:[^,:\s]+(,\d{5,7}:[^,:\s]+)*$/;

/** daraja-sim's environment. Database, broker and Redis settings are inherited but unused. */
export class DarajaSimConfig extends ServiceConfig {
  override PORT = 4010;

  /** Delay between an accepted STK push and its callback; 0 for tests and benchmarks. */
  @NumberFromEnv() @IsInt() @Min(0) SIM_CALLBACK_DELAY_MS = 1000;

  /** When both are set, only this consumer pair gets tokens; otherwise any pair does, like the sandbox. */
  @ValidateIf((c: DarajaSimConfig) => c.SIM_CONSUMER_SECRET !== undefined)
  @IsString({ message: 'SIM_CONSUMER_KEY must be set together with SIM_CONSUMER_SECRET' })
  @MinLength(1)
  SIM_CONSUMER_KEY: string | undefined = undefined;

  @Secret()
  @ValidateIf((c: DarajaSimConfig) => c.SIM_CONSUMER_KEY !== undefined)
  @IsString({ message: 'SIM_CONSUMER_SECRET must be set together with SIM_CONSUMER_KEY' })
  @MinLength(1)
  SIM_CONSUMER_SECRET: string | undefined = undefined;

  /** Consumer keys refused at OAuth whatever the secret, comma-separated; every other pair still works. */
  @Secret()
  @IsOptional()
  @Matches(/^[^,\s]+(,[^,\s]+)*$/, { message: 'SIM_REJECTED_CONSUMER_KEYS must be comma-separated consumer keys' })
  SIM_REJECTED_CONSUMER_KEYS: string | undefined = undefined;

  /** Extra `shortcode:passkey` pairs, comma-separated, besides the public sandbox 174379. */
  @Secret()
  @IsOptional()
  @Matches(SHORTCODE_PAIRS, { message: 'SIM_SHORTCODES must look like 600000:passkey,600001:otherkey' })
  SIM_SHORTCODES: string | undefined = undefined;

  /** How long the "hanging" test number keeps the push open. */
  @NumberFromEnv() @IsInt() @Min(1) SIM_HANG_MS = 120_000;

  /** How much longer than its callback's delivery the "slow answer" test number takes to answer the push. */
  @NumberFromEnv() @IsInt() @Min(0) SIM_SLOW_ANSWER_MS = 500;
}

export function parseList(value: string | undefined): string[] {
  return value ? value.split(',') : [];
}

export function parseShortcodes(value: string | undefined): Record<string, string> {
  if (!value) return {};
  return Object.fromEntries(value.split(',').map((pair) => pair.split(':') as [string, string]));
}
