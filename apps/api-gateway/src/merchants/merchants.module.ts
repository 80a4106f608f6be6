import { Module } from '@nestjs/common';
import { MerchantsRepository } from './merchants.repository';

/** The merchants table: identity, status, switches, subscription (used by auth, keys, admin, profile). */
@Module({ providers: [MerchantsRepository], exports: [MerchantsRepository] })
export class MerchantsModule {}
