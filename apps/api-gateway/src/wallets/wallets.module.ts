import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { UpstreamModule } from '../upstream/upstream.module';
import { WalletsController } from './wallets.controller';

@Module({ imports: [AuthModule, UpstreamModule], controllers: [WalletsController] })
export class WalletsModule {}
