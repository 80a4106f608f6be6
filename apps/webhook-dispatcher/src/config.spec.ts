import { ConfigError, describeConfig, loadConfig } from '@lipa/platform';
import { WebhookDispatcherConfig } from './config';

describe('WebhookDispatcherConfig', () => {
  it('defaults to port 3005, no private targets, a 10 s timeout and about a day of retries', () => {
    const config = loadConfig(WebhookDispatcherConfig, {});
    expect(config.PORT).toBe(3005);
    expect(config.WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(false);
    expect(config.WEBHOOK_TIMEOUT_MS).toBe(10_000);
    expect(config.WEBHOOK_DISABLE_AFTER_MS).toBe(5 * 86_400_000);
    expect(config.WEBHOOK_RETRY_DELAYS_MS.split(',')).toHaveLength(10);
  });

  it('reads "false" as false and numbers as numbers', () => {
    const config = loadConfig(WebhookDispatcherConfig, { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false', WEBHOOK_TIMEOUT_MS: '2500' });
    expect(config.WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(false);
    expect(config.WEBHOOK_TIMEOUT_MS).toBe(2500);
    expect(loadConfig(WebhookDispatcherConfig, { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }).WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(true);
  });

  it('names every bad variable and never prints the encryption key', () => {
    const badKey = 'too-short-key';
    let caught: unknown;
    try {
      loadConfig(WebhookDispatcherConfig, { WEBHOOK_SECRET_ENCRYPTION_KEY: badKey, WEBHOOK_RETRY_DELAYS_MS: '5s,30s', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'maybe' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const { message, problems } = caught as ConfigError;
    expect(problems).toHaveLength(3);
    expect(message).toContain('WEBHOOK_SECRET_ENCRYPTION_KEY');
    expect(message).toContain('WEBHOOK_RETRY_DELAYS_MS');
    expect(message).not.toContain(badKey);
    expect(describeConfig(loadConfig(WebhookDispatcherConfig, {})).WEBHOOK_SECRET_ENCRYPTION_KEY).toBe('***');
  });
});
