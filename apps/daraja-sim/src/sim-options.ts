/** The public Lipa na M-Pesa sandbox shortcode and passkey (docs/daraja.md §15), always known to the simulator. */
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
  /**
   * Consumer keys refused at OAuth (400.008.01) whatever their secret, while every other pair keeps
   * working: one app with wrong credentials beside apps with good ones.
   */
  rejectedConsumerKeys?: string[];
  /** Extra shortcode → passkey pairs besides the sandbox 174379. */
  shortcodes?: Record<string, string>;
  /** How long the "hanging" test number keeps the push response open; longer than any client timeout. */
  hangMs?: number;
  /**
   * The "slow answer" test number: its callback goes out at once and the push answers only after the
   * callback was delivered (the receiver answered, or the delivery failed) and this much longer.
   * Keep it below the client's timeout.
   */
  slowAnswerMs?: number;
  /** Token lifetime announced in expires_in (seconds). */
  tokenTtlSeconds?: number;
  logger?: SimLogger;
}

export interface ResolvedSimulatorOptions {
  callbackDelayMs: number;
  consumerKey?: string;
  consumerSecret?: string;
  rejectedConsumerKeys: ReadonlySet<string>;
  passkeysByShortcode: ReadonlyMap<string, string>;
  hangMs: number;
  slowAnswerMs: number;
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
    rejectedConsumerKeys: new Set(options.rejectedConsumerKeys ?? []),
    passkeysByShortcode: new Map([[SANDBOX_SHORTCODE, SANDBOX_PASSKEY], ...Object.entries(options.shortcodes ?? {})]),
    hangMs: options.hangMs ?? 120_000,
    slowAnswerMs: options.slowAnswerMs ?? 500,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3599,
    logger: options.logger ?? silentLogger,
  };
}
