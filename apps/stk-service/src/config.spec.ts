import { STK_INITIATE_WORST_CASE_MS } from '@lipa/contracts';
import { ConfigError, loadConfig } from '@lipa/platform';
import { STK_INITIATE_MARGIN_MS, StkServiceConfig } from './config';

function problems(env: Record<string, string>): string {
  try {
    loadConfig(StkServiceConfig, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  return '';
}

describe('StkServiceConfig', () => {
  it('defaults to the simulator as the test app with the sandbox paybill, and no live app', () => {
    const config = loadConfig(StkServiceConfig, {});
    expect(config).toMatchObject({
      DARAJA_TEST_BASE_URL: 'http://127.0.0.1:4010',
      DARAJA_TEST_SHORTCODE: '174379',
      DARAJA_TEST_PASSKEY: 'bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919',
      DARAJA_LIVE_BASE_URL: '',
    });
    // The defaults fit the bound the gateway's RPC deadline is checked against.
    expect(config.DARAJA_OAUTH_TIMEOUT_MS + config.DARAJA_TIMEOUT_MS + STK_INITIATE_MARGIN_MS).toBeLessThanOrEqual(STK_INITIATE_WORST_CASE_MS);
  });

  it.each<[string, Record<string, string>]>([
    ['a long push timeout', { DARAJA_TIMEOUT_MS: String(STK_INITIATE_WORST_CASE_MS - 1_000) }],
    ['a long OAuth timeout', { DARAJA_OAUTH_TIMEOUT_MS: String(STK_INITIATE_WORST_CASE_MS - 10_000) }],
  ])('refuses %s that could outlast STK_INITIATE_WORST_CASE_MS, naming both variables', (_case, env) => {
    const found = problems(env);
    expect(found).toMatch(/^DARAJA_TIMEOUT_MS: DARAJA_OAUTH_TIMEOUT_MS \+ DARAJA_TIMEOUT_MS \+ \d+ ms must not exceed STK_INITIATE_WORST_CASE_MS/m);
  });

  it('requires the whole live app once DARAJA_LIVE_BASE_URL is set', () => {
    const found = problems({ DARAJA_LIVE_BASE_URL: 'https://api.safaricom.co.ke' });
    for (const name of ['DARAJA_LIVE_CONSUMER_KEY', 'DARAJA_LIVE_CONSUMER_SECRET', 'DARAJA_LIVE_SHORTCODE', 'DARAJA_LIVE_PASSKEY']) {
      expect(found).toMatch(new RegExp(`^${name}: `, 'm'));
    }
    const live = loadConfig(StkServiceConfig, {
      DARAJA_LIVE_BASE_URL: 'https://api.safaricom.co.ke',
      DARAJA_LIVE_CONSUMER_KEY: 'k',
      DARAJA_LIVE_CONSUMER_SECRET: 's',
      DARAJA_LIVE_SHORTCODE: '600123',
      DARAJA_LIVE_PASSKEY: 'p',
    });
    expect(live.DARAJA_LIVE_SHORTCODE).toBe('600123');
  });

  it('refuses a credentials key ring that does not parse, without echoing it', () => {
    const found = problems({ CREDENTIALS_KEY_RING: 'k1:not-a-key' });
    expect(found).toMatch(/^CREDENTIALS_KEY_RING: CREDENTIALS_KEY_RING is not a key ring: /m);
    expect(found).not.toMatch(/not-a-key/);
  });

  it('refuses the variables it no longer reads rather than ignoring them, secrets masked', () => {
    const found = problems({ DARAJA_BASE_URL: 'https://sandbox.safaricom.co.ke', DARAJA_CONSUMER_SECRET: 'top-secret', DARAJA_TRANSACTION_TYPE: 'x' });
    expect(found).toMatch(/^DARAJA_BASE_URL: DARAJA_BASE_URL is no longer read: use DARAJA_TEST_BASE_URL/m);
    expect(found).toMatch(/^DARAJA_CONSUMER_SECRET: /m);
    expect(found).toMatch(/^DARAJA_TRANSACTION_TYPE: /m);
    expect(found).not.toMatch(/top-secret/);
  });
});
