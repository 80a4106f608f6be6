import { ConfigError, describeConfig, loadConfig } from '@lipa/platform';
import { WebhookDispatcherConfig } from './config';

describe('WebhookDispatcherConfig', () => {
  it('defaults to port 3005, no private targets, a 10 s timeout, about a day of retries and a 24 h rotation overlap', () => {
    const config = loadConfig(WebhookDispatcherConfig, {});
    expect(config.PORT).toBe(3005);
    expect(config.WEBHOOK_ALLOWED_PRIVATE_TARGETS).toBe('');
    expect(config.WEBHOOK_TIMEOUT_MS).toBe(10_000);
    expect(config.WEBHOOK_DISABLE_AFTER_MS).toBe(3 * 86_400_000);
    expect(config.WEBHOOK_SECRET_OVERLAP_MS).toBe(86_400_000);
    expect(config.WEBHOOK_MAX_ENDPOINTS_PER_MERCHANT).toBe(10);
    expect(config.WEBHOOK_RETRY_DELAYS_MS.split(',')).toHaveLength(10);
  });

  it('reads numbers as numbers and an allow-list of hosts and host:ports', () => {
    const config = loadConfig(WebhookDispatcherConfig, { WEBHOOK_TIMEOUT_MS: '2500', WEBHOOK_ALLOWED_PRIVATE_TARGETS: 'localhost:4000,127.0.0.1' });
    expect(config.WEBHOOK_TIMEOUT_MS).toBe(2500);
    expect(config.WEBHOOK_ALLOWED_PRIVATE_TARGETS).toBe('localhost:4000,127.0.0.1');
  });

  it('refuses the retired switch that opened every private address', () => {
    expect(() => loadConfig(WebhookDispatcherConfig, { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' })).toThrow(/WEBHOOK_ALLOW_PRIVATE_TARGETS is no longer read/);
  });

  it('names every bad variable and never prints the encryption key', () => {
    const badKey = 'too-short-key';
    let caught: unknown;
    try {
      loadConfig(WebhookDispatcherConfig, { WEBHOOK_SECRET_ENCRYPTION_KEY: badKey, WEBHOOK_RETRY_DELAYS_MS: '5s,30s', WEBHOOK_ALLOWED_PRIVATE_TARGETS: 'a b' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const { message, problems } = caught as ConfigError;
    expect(problems).toHaveLength(3);
    expect(message).toContain('WEBHOOK_SECRET_ENCRYPTION_KEY');
    expect(message).toContain('WEBHOOK_RETRY_DELAYS_MS');
    expect(message).toContain('WEBHOOK_ALLOWED_PRIVATE_TARGETS');
    expect(message).not.toContain(badKey);
    expect(describeConfig(loadConfig(WebhookDispatcherConfig, {})).WEBHOOK_SECRET_ENCRYPTION_KEY).toBe('***');
  });
});
