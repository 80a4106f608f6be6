import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { ApiGatewayConfig } from '../config';

/** argon2id, slow on purpose (docs/design.md §5); the memory cost comes from config so tests can lower it. */
@Injectable()
export class PasswordHasher {
  /** Log-in of an unknown user still runs one verify, so timing does not reveal who exists. */
  private dummyHash?: Promise<string>;

  constructor(private readonly config: ApiGatewayConfig) {}

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, memoryCost: this.config.ARGON2_MEMORY_KIB });
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    if (hash === null) {
      this.dummyHash ??= this.hash('not-a-real-password-just-timing');
      await argon2.verify(await this.dummyHash, password).catch(() => false);
      return false;
    }
    return argon2.verify(hash, password).catch(() => false);
  }
}
