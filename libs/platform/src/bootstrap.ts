import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { ConfigError, ServiceConfig, describeConfig, loadConfig } from './config';
import { assignRequestId, createLogger } from './logging';
import { refuseUnstorableInput } from './unstorable-input';
import { createValidationPipe } from './validation';

export interface ServiceDefinition<C extends ServiceConfig> {
  service: string;
  configClass: new () => C;
  /** Builds the root module from the validated config. */
  appModule: (config: C) => unknown;
  /** Largest JSON body accepted; Daraja callbacks and merchant requests are small. */
  bodyLimit?: string;
  /** Keep the exact request bytes on `req.rawBody` (callback-ingest stores callbacks as received). */
  rawBody?: boolean;
  /** 'text' hands every body to the controller as a string, however malformed (callback-ingest). Default 'json'. */
  bodyParser?: 'json' | 'text';
  /** Last step before the app is handed back to listen; api-gateway mounts its API reference here. */
  configureApp?: (app: NestExpressApplication, config: C) => void;
}

/** Creates and configures the Nest app without listening, so tests can start it on port 0. */
export async function createServiceApp<C extends ServiceConfig>(definition: ServiceDefinition<C>, config: C): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(definition.appModule(config) as never, {
    bufferLogs: true,
    bodyParser: false,
    rawBody: definition.rawBody ?? false,
  });
  app.useLogger(app.get(Logger));
  // The request id is set before the body is parsed, so even an unparsable body's error carries one.
  app.use(assignRequestId);
  if (definition.bodyParser === 'text') {
    app.useBodyParser('text', { type: () => true, limit: definition.bodyLimit ?? '64kb' });
  } else {
    app.useBodyParser('json', { limit: definition.bodyLimit ?? '64kb' });
  }
  // Before routing, guards and handlers, so no service ever hands Postgres a NUL (a 500); a raw text
  // body is stored as received and only its path and query are checked.
  app.use(refuseUnstorableInput({ checkBody: definition.bodyParser !== 'text' }));
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  app.set('trust proxy', false);
  // No advertising of the framework to whoever probes the API.
  app.disable('x-powered-by');
  definition.configureApp?.(app, config);
  return app;
}

/** main.ts of every service: validate the environment (exit 1 naming each bad variable), start, listen. */
export async function runService<C extends ServiceConfig>(definition: ServiceDefinition<C>, env: NodeJS.ProcessEnv = process.env): Promise<INestApplication> {
  let config: C;
  try {
    config = loadConfig(definition.configClass, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`[${definition.service}] ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(definition.service, config);
  logger.info({ msg: 'service.starting', config: describeConfig(config) });
  try {
    const app = await createServiceApp(definition, config);
    await app.listen(config.PORT, config.HOST);
    logger.info({ msg: 'service.listening', url: await app.getUrl() });
    return app;
  } catch (error) {
    logger.fatal({ msg: 'service.failed_to_start', err: error });
    process.exit(1);
  }
}
