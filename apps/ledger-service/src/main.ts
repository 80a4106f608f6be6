import { runService } from '@lipa/platform';
import { definition } from './ledger-service.definition';

void runService(definition);
