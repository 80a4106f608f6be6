import { Module } from '@nestjs/common';
import { BanksController } from './banks.controller';

/** `GET /v1/banks`: static reference data, no infrastructure. */
@Module({ controllers: [BanksController] })
export class BanksModule {}
