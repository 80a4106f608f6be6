/** The slice of a pino logger the client uses; pass one from @lipa/platform's createLogger. */
export interface DarajaLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export const silentDarajaLogger: DarajaLogger = { info: () => undefined, warn: () => undefined };
