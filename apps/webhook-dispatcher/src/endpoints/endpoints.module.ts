import { Module } from '@nestjs/common';
import { EndpointRepository } from './endpoint.repository';
import { SigningSecretRepository } from './signing-secret.repository';

/** The endpoints' and signing secrets' storage, for the delivery engine and for ManageEndpointsModule. */
@Module({
  providers: [EndpointRepository, SigningSecretRepository],
  exports: [EndpointRepository, SigningSecretRepository],
})
export class EndpointsModule {}
