import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { SimRoute, SimStateService } from '../sim-state.service';

/** Test-only surface under /__sim, a path Daraja never uses. */
@Controller('__sim')
export class SimControlController {
  constructor(private readonly state: SimStateService) {}

  @Get('requests')
  requests(): Record<SimRoute, number> {
    return this.state.requestCounts();
  }

  @Post('reset')
  @HttpCode(204)
  reset(): void {
    this.state.reset();
  }

  @Post('tokens/revoke')
  @HttpCode(204)
  revokeTokens(): void {
    this.state.revokeTokens();
  }
}
