import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { UpstreamModule } from '../upstream/upstream.module';
import { TransactionsController } from './transactions.controller';

@Module({ imports: [AuthModule, UpstreamModule], controllers: [TransactionsController] })
export class TransactionsModule {}
