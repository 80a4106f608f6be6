import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { MerchantRegisteredV1, parseContract } from '@lipa/contracts';
import { Envelope, OnEvent } from '@lipa/messaging';
import { OpenMerchantAccounts } from './open-merchant-accounts.use-case';

@Injectable()
export class MerchantEventsConsumer {
  constructor(private readonly openMerchantAccounts: OpenMerchantAccounts) {}

  @OnEvent(MerchantRegisteredV1.type)
  async onMerchantRegistered(tx: EntityManager, envelope: Envelope): Promise<void> {
    const merchant = parseContract(MerchantRegisteredV1, envelope.payload);
    await this.openMerchantAccounts.execute(tx, merchant.merchant_id);
  }
}
