import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { C2B_CONTROLLERS, C2B_PROVIDERS } from './c2b';
import { SimHealthController } from './control/health.controller';
import { SimControlController } from './control/sim-control.controller';
import { DarajaErrorFilter } from './http/daraja-http.error';
import { OAuthController } from './oauth/oauth.controller';
import { ResolvedSimulatorOptions, SIM_OPTIONS } from './sim-options';
import { SimStateService } from './sim-state.service';
import { CallbackSender } from './stk/callback.sender';
import { StkPushController } from './stk/stk-push.controller';
import { StkQueryController } from './stk/stk-query.controller';
import { StkSimulationService } from './stk/stk-simulation.service';

@Module({})
export class SimModule {
  static forOptions(options: ResolvedSimulatorOptions): DynamicModule {
    return {
      module: SimModule,
      controllers: [OAuthController, StkPushController, StkQueryController, SimControlController, SimHealthController, ...C2B_CONTROLLERS],
      providers: [
        { provide: SIM_OPTIONS, useValue: options },
        { provide: APP_FILTER, useClass: DarajaErrorFilter },
        SimStateService,
        CallbackSender,
        StkSimulationService,
        ...C2B_PROVIDERS,
      ],
    };
  }
}
