import { STK_INITIATE_WORST_CASE_MS } from '@lipa/contracts';
import { ConfigError, describeConfig, loadConfig } from '@lipa/platform';
import { ApiGatewayConfig } from './config';

describe('ApiGatewayConfig', () => {
  it('refuses an RPC deadline that a push could outlast (checked at start)', () => {
    const load = () => loadConfig(ApiGatewayConfig, { RPC_TIMEOUT_MS: String(STK_INITIATE_WORST_CASE_MS) });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/RPC_TIMEOUT_MS must exceed stk-service's worst case/);
    expect(loadConfig(ApiGatewayConfig, {}).RPC_TIMEOUT_MS).toBeGreaterThan(STK_INITIATE_WORST_CASE_MS);
  });

  it('refuses a key ring that does not parse, naming the variable but not the key', () => {
    const key = 'ab'.repeat(31);
    expect(() => loadConfig(ApiGatewayConfig, { CREDENTIALS_KEY_RING: `k1:${key}` })).toThrow(/CREDENTIALS_KEY_RING/);
    expect(() => loadConfig(ApiGatewayConfig, { CREDENTIALS_KEY_RING: `k1:${key}` })).not.toThrow(new RegExp(key));
  });

  it('masks its secrets when printed', () => {
    const shown = describeConfig(loadConfig(ApiGatewayConfig, {}));
    expect(shown.CREDENTIALS_KEY_RING).toBe('***');
    expect(shown.API_SECRET_PEPPER).toBe('***');
  });
});
