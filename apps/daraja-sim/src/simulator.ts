import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, NestExpressApplication } from '@nestjs/platform-express';
import express, { NextFunction, Request, Response } from 'express';
import { merchantRequestId } from './stk/daraja-ids';
import { resolveSimulatorOptions, SimulatorOptions } from './sim-options';
import { SimModule } from './sim.module';
import { SimRoute, SimStateService, SimTransaction } from './sim-state.service';

export interface RunningSimulator {
  /** Base URL to give a Daraja client, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  port: number;
  app: NestExpressApplication;
  requestCounts(): Record<SimRoute, number>;
  /** A push as the simulator received it (shortcode, PartyB, type, the consumer key that sent it, its queries). */
  transaction(checkoutRequestId: string): SimTransaction | undefined;
  reset(): void;
  revokeTokens(): void;
  close(): Promise<void>;
}

const MAX_BODY = '64kb';

/** Builds and starts daraja-sim; tests run it in-process on port 0 (the default). */
export async function createSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const resolved = resolveSimulatorOptions(options);
  const app = await NestFactory.create<NestExpressApplication>(SimModule.forOptions(resolved), new ExpressAdapter(), {
    bodyParser: false,
    logger: false,
    // The "hanging" test number keeps responses open; closing must not wait for them.
    forceCloseConnections: true,
  });
  // Daraja parses any content type as JSON (a missing header only shifts which error you get) and
  // answers unparseable bodies with its own envelope, so the parser is ours rather than Nest's.
  app.use(express.json({ type: () => true, limit: MAX_BODY }));
  app.use((error: Error & { type?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (!error) return next();
    res.status(400).json({ requestId: merchantRequestId(), errorCode: '400.002.05', errorMessage: 'Invalid Request Payload' });
  });
  await app.listen(options.port ?? 0, options.host ?? '127.0.0.1');

  const address = app.getHttpServer().address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const state = app.get(SimStateService);
  resolved.logger.info({ port: address.port, callback_delay_ms: resolved.callbackDelayMs }, 'sim.started');
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    app,
    requestCounts: () => state.requestCounts(),
    transaction: (checkoutRequestId) => state.transactions.get(checkoutRequestId),
    reset: () => state.reset(),
    revokeTokens: () => state.revokeTokens(),
    close: () => app.close(),
  };
}

export type { SimulatorOptions } from './sim-options';
export type { SimTransaction } from './sim-state.service';
export { PHONE_OUTCOMES } from './stk/phone-outcomes';
