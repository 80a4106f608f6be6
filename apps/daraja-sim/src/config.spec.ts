import { ConfigError, loadConfig } from '@lipa/platform';
import { DarajaSimConfig, parseList, parseShortcodes } from './config';

describe('DarajaSimConfig', () => {
  it('defaults to port 4010 and a 1 s callback delay with any consumer pair', () => {
    const config = loadConfig(DarajaSimConfig, {});
    expect(config).toMatchObject({ PORT: 4010, SIM_CALLBACK_DELAY_MS: 1000 });
    expect(config.SIM_CONSUMER_KEY).toBeUndefined();
  });

  it('reads the variables from strings', () => {
    const config = loadConfig(DarajaSimConfig, {
      PORT: '0',
      SIM_CALLBACK_DELAY_MS: '0',
      SIM_CONSUMER_KEY: 'k',
      SIM_CONSUMER_SECRET: 's',
      SIM_SHORTCODES: '600000:abc,7654321:def',
      SIM_REJECTED_CONSUMER_KEYS: 'bad-1,bad-2',
      SIM_SLOW_ANSWER_MS: '250',
    });
    expect(parseList(config.SIM_REJECTED_CONSUMER_KEYS)).toEqual(['bad-1', 'bad-2']);
    expect(config.SIM_SLOW_ANSWER_MS).toBe(250);
    expect(config).toMatchObject({ PORT: 0, SIM_CALLBACK_DELAY_MS: 0, SIM_CONSUMER_KEY: 'k', SIM_CONSUMER_SECRET: 's' });
    expect(parseShortcodes(config.SIM_SHORTCODES)).toEqual({ '600000': 'abc', '7654321': 'def' });
  });

  it('names every bad variable at once', () => {
    const load = () => loadConfig(DarajaSimConfig, { SIM_CALLBACK_DELAY_MS: '-1', SIM_CONSUMER_SECRET: 's', SIM_SHORTCODES: '12:x' });
    expect(load).toThrow(ConfigError);
    const problems = (() => {
      try {
        load();
      } catch (error) {
        return (error as ConfigError).problems.join('\n');
      }
      return '';
    })();
    expect(problems).toMatch(/SIM_CALLBACK_DELAY_MS/);
    expect(problems).toMatch(/SIM_CONSUMER_KEY/);
    expect(problems).toMatch(/SIM_SHORTCODES/);
    // Secrets are never echoed back.
    expect(problems).not.toMatch(/12:x/);
  });
});
