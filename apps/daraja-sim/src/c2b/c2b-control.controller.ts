import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { DarajaHttpError } from '../http/daraja-http.error';
import { C2bPayment, C2bStateService } from './c2b-state.service';

/** Test control for C2B under /__sim (a path Daraja never uses). */
@Controller('__sim/c2b')
export class C2bControlController {
  constructor(private readonly c2b: C2bStateService) {}

  /** What the portal's self-service deletion does: the shortcode can register again. */
  @Delete('registrations/:shortcode')
  @HttpCode(204)
  deleteRegistration(@Param('shortcode') shortcode: string): void {
    this.c2b.registrations.delete(shortcode);
  }

  @Post('settings')
  @HttpCode(200)
  settings(@Body() body: { validationTimeoutMs?: unknown }): { validationTimeoutMs: number } {
    const ms = body?.validationTimeoutMs;
    if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0) throw new DarajaHttpError(400, '400.002.02', 'Bad Request - Invalid validationTimeoutMs');
    this.c2b.validationTimeoutMs = ms;
    return { validationTimeoutMs: ms };
  }

  @Get('payments/:id')
  payment(@Param('id') id: string): C2bPayment {
    const payment = this.c2b.payments.get(id);
    if (!payment) throw new DarajaHttpError(404, '404.001.01', 'Resource not found');
    return payment;
  }
}
