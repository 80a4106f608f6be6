import { IsInt, IsString, MinLength } from 'class-validator';
import { BooleanFromEnv, ConfigError, NumberFromEnv, Secret, ServiceConfig, describeConfig, loadConfig } from './config';

class ExampleConfig extends ServiceConfig {
  @NumberFromEnv() @IsInt() TIMEOUT_MS = 1_000;
  @BooleanFromEnv() FEATURE = false;
  @Secret() @IsString() @MinLength(8) SIGNING_KEY = 'dev-signing-key';
}

describe('loadConfig', () => {
  it('uses the developer defaults when nothing is set', () => {
    const config = loadConfig(ExampleConfig, {});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/lipa');
    expect(config.TIMEOUT_MS).toBe(1_000);
  });

  it('converts strings explicitly, so "false" is false and "2500" is 2500', () => {
    const config = loadConfig(ExampleConfig, { FEATURE: 'false', TIMEOUT_MS: '2500', PORT: '4000' });
    expect(config.FEATURE).toBe(false);
    expect(config.TIMEOUT_MS).toBe(2500);
    expect(config.PORT).toBe(4000);
  });

  it('names every bad variable at once and masks secret values', () => {
    const env = { PORT: 'abc', AMQP_URL: 'http://nope', SIGNING_KEY: 'short' };
    let caught: unknown;
    try {
      loadConfig(ExampleConfig, env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const message = (caught as ConfigError).message;
    expect(message).toContain('PORT');
    expect(message).toContain('AMQP_URL must be an amqp:// URL');
    expect(message).toContain('SIGNING_KEY');
    expect(message).not.toContain('short');
    expect((caught as ConfigError).problems).toHaveLength(3);
  });

  it('prints secrets masked', () => {
    const config = loadConfig(ExampleConfig, { AMQP_URL: 'amqp://user:hunter2@broker:5672' });
    const shown = describeConfig(config);
    expect(shown.AMQP_URL).toBe('amqp://user:***@broker:5672');
    expect(shown.SIGNING_KEY).toBe('***');
    expect(JSON.stringify(shown)).not.toContain('hunter2');
  });
});
