import { DarajaError } from './daraja.errors';

/** A body handed to one of the async-result parsers is not that result (docs/daraja.md §1.3). */
export class InvalidDarajaResultError extends DarajaError {
  readonly code = 'invalid_daraja_result';
  readonly status = 400;
}
