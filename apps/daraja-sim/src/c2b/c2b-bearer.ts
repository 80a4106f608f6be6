import { DarajaHttpError } from '../http/daraja-http.error';
import { SimStateService } from '../sim-state.service';
import { requireStkBearer } from '../stk/bearer-token';

/** The same token check as STK, with C2B's own code: 400.003.01 Invalid Access Token (docs/daraja.md §1.2). */
export function requireC2bBearer(state: SimStateService, authorization: string | undefined): string {
  try {
    return requireStkBearer(state, authorization);
  } catch (error) {
    if (error instanceof DarajaHttpError) throw new DarajaHttpError(400, '400.003.01', 'Invalid Access Token');
    throw error;
  }
}
