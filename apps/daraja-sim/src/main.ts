import 'reflect-metadata';
import { ConfigError, createLogger, describeConfig, loadConfig } from '@lipa/platform';
import { DarajaSimConfig, parseList, parseShortcodes } from './config';
import { createSimulator } from './simulator';

async function main(): Promise<void> {
  let config: DarajaSimConfig;
  try {
    config = loadConfig(DarajaSimConfig);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`[daraja-sim] ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger('daraja-sim', config);
  logger.info({ config: describeConfig(config) }, 'service.starting');
  const sim = await createSimulator({
    port: config.PORT,
    host: config.HOST,
    callbackDelayMs: config.SIM_CALLBACK_DELAY_MS,
    consumerKey: config.SIM_CONSUMER_KEY,
    consumerSecret: config.SIM_CONSUMER_SECRET,
    rejectedConsumerKeys: parseList(config.SIM_REJECTED_CONSUMER_KEYS),
    shortcodes: parseShortcodes(config.SIM_SHORTCODES),
    hangMs: config.SIM_HANG_MS,
    slowAnswerMs: config.SIM_SLOW_ANSWER_MS,
    logger,
  });
  sim.app.enableShutdownHooks();
  logger.info({ url: sim.url }, 'service.listening');
}

main().catch((error: unknown) => {
  process.stderr.write(`[daraja-sim] failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
