import 'reflect-metadata';
import { plainToInstance, Transform, Type } from 'class-transformer';
import { IsEmpty, IsIn, IsInt, IsString, Matches, Max, Min, ValidationError, validateSync } from 'class-validator';

const SECRET_FIELDS = Symbol('lipa:secret-fields');

/** Marks a config field as secret: it is masked wherever the config is printed. */
export function Secret(): PropertyDecorator {
  return (target, key) => {
    const fields: Set<string | symbol> = Reflect.getMetadata(SECRET_FIELDS, target) ?? new Set();
    Reflect.defineMetadata(SECRET_FIELDS, new Set([...fields, key]), target);
  };
}

/**
 * Environment values are strings; `Boolean('false')` is true, so booleans are parsed explicitly
 * and anything that is not a recognised spelling is left as-is for @IsBoolean to reject.
 */
export function BooleanFromEnv(): PropertyDecorator {
  return Transform(({ value }) => {
    if (typeof value === 'boolean') return value;
    const normalised = String(value).trim().toLowerCase();
    if (['true', '1', 'yes'].includes(normalised)) return true;
    if (['false', '0', 'no', ''].includes(normalised)) return false;
    return value;
  });
}

/** Env values are strings: convert to number explicitly (never implicit conversion). */
export const NumberFromEnv = (): PropertyDecorator => Type(() => Number);

/** A variable an older version read: refused rather than silently ignored (a service could fall back to defaults). */
export function Retired(replacement: string): PropertyDecorator {
  return IsEmpty({ message: (args) => `${args.property} is no longer read: ${replacement}` });
}

const URL_WITH_SCHEME = (schemes: string[]) => new RegExp(`^(${schemes.join('|')})://\\S+$`);

/** What every Lipa service needs. Defaults work on a developer machine with local Postgres, RabbitMQ and Redis. */
export class ServiceConfig {
  @NumberFromEnv() @IsInt() @Min(0) @Max(65_535) PORT = 3000;
  @IsString() HOST = '0.0.0.0';
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL = 'info';
  /** Human-readable logs for development; JSON lines otherwise. */
  @BooleanFromEnv() @IsIn([true, false]) LOG_PRETTY = false;

  @Secret()
  @Matches(URL_WITH_SCHEME(['postgres', 'postgresql']), { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/lipa';

  @Secret()
  @Matches(URL_WITH_SCHEME(['amqp', 'amqps']), { message: 'AMQP_URL must be an amqp:// URL' })
  AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';
  /** Prepended to every exchange and queue name; lets test suites share one broker. */
  @Matches(/^[a-z0-9._-]*$/, { message: 'AMQP_PREFIX may only hold a-z, 0-9, ".", "_" and "-"' }) AMQP_PREFIX = '';

  @Secret()
  @Matches(URL_WITH_SCHEME(['redis', 'rediss']), { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';
  @IsString() REDIS_KEY_PREFIX = 'lipa:';
}

export class ConfigError extends Error {
  constructor(
    readonly configName: string,
    readonly problems: string[],
  ) {
    super(`Invalid configuration for ${configName}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type ConfigClass<T> = new () => T;

function secretFields(config: object): Set<string | symbol> {
  return Reflect.getMetadata(SECRET_FIELDS, config) ?? new Set();
}

/** Shows what was set (the raw string, before conversion turned "eighty" into NaN), secrets masked. */
function flatten(errors: ValidationError[], secrets: Set<string | symbol>, raw: Record<string, unknown>): string[] {
  return errors.flatMap((error) => {
    const value = error.property in raw ? raw[error.property] : error.value;
    const shown = secrets.has(error.property) ? '***' : value === undefined ? 'nothing (default)' : JSON.stringify(value);
    const reasons = Object.values(error.constraints ?? {}).join('; ');
    return [`${error.property}: ${reasons} (got ${shown})`, ...flatten(error.children ?? [], secrets, {})];
  });
}

/**
 * Reads the variables a config class declares from `env`, converts and validates them,
 * and throws a ConfigError naming every bad variable at once.
 */
export function loadConfig<T extends object>(configClass: ConfigClass<T>, env: NodeJS.ProcessEnv = process.env): T {
  const declared = Object.keys(new configClass());
  const provided = Object.fromEntries(declared.filter((key) => env[key] !== undefined).map((key) => [key, env[key]]));
  const config = plainToInstance(configClass, provided, { exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: false });
  if (errors.length > 0) throw new ConfigError(configClass.name, flatten(errors, secretFields(config), provided));
  return config;
}

/** The config as it is safe to print: secrets masked, passwords stripped from URLs. */
export function describeConfig(config: object): Record<string, unknown> {
  const secrets = secretFields(config);
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => {
      if (!secrets.has(key)) return [key, value];
      if (typeof value === 'string' && /^[a-z]+:\/\//.test(value)) return [key, value.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')];
      return [key, value ? '***' : value];
    }),
  );
}
