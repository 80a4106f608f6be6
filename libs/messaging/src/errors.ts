import { LipaError } from './lipa-error';

/** The remote handler answered `{ ok: false }`: same code, status and message as on the remote side. */
export class RpcError extends LipaError {
  readonly code: string;
  readonly status: number;

  constructor(code: string, status: number, message: string) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

export class RpcTimeoutError extends LipaError {
  readonly code = 'upstream_timeout';
  readonly status = 504;
}
