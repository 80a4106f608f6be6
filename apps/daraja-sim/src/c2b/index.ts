import { C2bControlController } from './c2b-control.controller';
import { C2bRegisterController } from './c2b-register.controller';
import { C2bSimulateController } from './c2b-simulate.controller';
import { C2bSimulationService } from './c2b-simulation.service';
import { C2bStateService } from './c2b-state.service';

export const C2B_CONTROLLERS = [C2bRegisterController, C2bSimulateController, C2bControlController];
export const C2B_PROVIDERS = [C2bStateService, C2bSimulationService];
