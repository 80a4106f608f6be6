import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

export class ContractViolation extends Error {
  constructor(
    readonly contract: string,
    readonly problems: string[],
  ) {
    super(`${contract} is malformed: ${problems.join('; ')}`);
    this.name = 'ContractViolation';
  }
}

/** Messages are validated on receipt: a malformed one is a bug upstream, never silently half-processed. */
export function parseContract<T extends object>(contract: new () => T, plain: unknown): T {
  const instance = plainToInstance(contract, plain ?? {});
  const errors = validateSync(instance, { forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new ContractViolation(
      contract.name,
      errors.flatMap((e) => Object.values(e.constraints ?? { [e.property]: `${e.property} is invalid` })),
    );
  }
  return instance;
}
