import { runService } from '@lipa/platform';
import { definition } from './b2c-payout-service.definition';

void runService(definition);
