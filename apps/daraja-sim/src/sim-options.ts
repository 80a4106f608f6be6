/** The public Lipa na M-Pesa sandbox shortcode and passkey (DARAJA.md §15), always known to the simulator. */
export const SANDBOX_SHORTCODE = '174379';
export const SANDBOX_PASSKEY = 'bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919';

/** Where the simulator writes what it does; pino loggers fit, tests can pass nothing. */
export interface SimLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface SimulatorOptions {
  /** 0 (the default) picks a free port; read the bound one from the returned handle. */
  port?: number;
  host?: string;
  /** Delay between an accepted push and its callback. 0 settles the payment before the push answers. */
  callbackDelayMs?: number;
  /** When both are set, only this consumer key/secret pair gets a token; otherwise any pair does. */
  consumerKey?: string;
  consumerSecret?: string;
  /** Extra shortcode → passkey pairs besides the sandbox 174379. */
  shortcodes?: Record<string, string>;
  /** How long the "hanging" test number keeps the push response open; longer than any client timeout. */
  hangMs?: number;
  /** Token lifetime announced in expires_in (seconds). */
  tokenTtlSeconds?: number;
  logger?: SimLogger;
}

export interface ResolvedSimulatorOptions {
  callbackDelayMs: number;
  consumerKey?: string;
  consumerSecret?: string;
  passkeysByShortcode: ReadonlyMap<string, string>;
  hangMs: number;
  tokenTtlSeconds: number;
  logger: SimLogger;
}

export const SIM_OPTIONS = Symbol('SIM_OPTIONS');

const silentLogger: SimLogger = { info: () => undefined, warn: () => undefined };

export function resolveSimulatorOptions(options: SimulatorOptions): ResolvedSimulatorOptions {
  return {
    callbackDelayMs: options.callbackDelayMs ?? 1000,
    consumerKey: options.consumerKey,
    consumerSecret: options.consumerSecret,
    passkeysByShortcode: new Map([[SANDBOX_SHORTCODE, SANDBOX_PASSKEY], ...Object.entries(options.shortcodes ?? {})]),
    hangMs: options.hangMs ?? 120_000,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3599,
    logger: options.logger ?? silentLogger,
  };
}
