import { DarajaHttpError } from '../http/daraja-http.error';
import { SimStateService } from '../sim-state.service';

/** STK's flavour of the invalid-token error; other API families use other codes (docs/daraja.md §1.2). Returns the token's consumer key. */
export function requireStkBearer(state: SimStateService, authorization: string | undefined): string {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  const consumerKey = match ? state.tokenOwner(match[1]) : undefined;
  if (consumerKey === undefined) throw new DarajaHttpError(404, '404.001.03', 'Invalid Access Token');
  return consumerKey;
}
