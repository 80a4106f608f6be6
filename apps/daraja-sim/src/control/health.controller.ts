import { Controller, Get } from '@nestjs/common';

/**
 * The simulator keeps its state in memory and depends on nothing, so it is ready as soon as it listens.
 * Same paths as every Lipa service, so the launcher and Kubernetes probe it the same way.
 */
@Controller('health')
export class SimHealthController {
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  ready() {
    return { status: 'ok' };
  }
}
