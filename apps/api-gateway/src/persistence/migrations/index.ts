import { CreateGatewayTables1764000100000 } from './1764000100000-CreateGatewayTables';
import { MerchantAccounts1764000110000 } from './1764000110000-MerchantAccounts';

/** The gateway's own migrations, in order (the messaging tables come first, from ServiceRuntimeModule). */
export const GATEWAY_MIGRATIONS = [CreateGatewayTables1764000100000, MerchantAccounts1764000110000];
