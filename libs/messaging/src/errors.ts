import { LipaError } from '@lipa/platform';

/** The remote handler answered `{ ok: false }`: same code, status and message as on the remote side. */
export class RpcError extends LipaError {
  readonly code: string;
  readonly status: number;

  constructor(code: string, status: number, message: string, details?: Record<string, unknown>) {
    super(message, details);
    this.code = code;
    this.status = status;
  }
}

export class RpcTimeoutError extends LipaError {
  readonly code = 'upstream_timeout';
  readonly status = 504;
}
