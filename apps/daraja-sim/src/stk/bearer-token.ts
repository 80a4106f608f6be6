import { DarajaHttpError } from '../http/daraja-http.error';
import { SimStateService } from '../sim-state.service';

/** STK's flavour of the invalid-token error; other API families use other codes (DARAJA.md §1.2). */
export function requireStkBearer(state: SimStateService, authorization: string | undefined): void {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match || !state.isTokenValid(match[1])) throw new DarajaHttpError(404, '404.001.03', 'Invalid Access Token');
}
