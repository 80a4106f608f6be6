import { Module } from '@nestjs/common';
import { IngestStkCallback } from './ingest-stk-callback.use-case';
import { RawCallbackRepository } from './raw-callback.repository';
import { StkCallbackController } from './stk-callback.controller';

@Module({
  controllers: [StkCallbackController],
  providers: [IngestStkCallback, RawCallbackRepository],
})
export class StkCallbacksModule {}
