import { runService } from '@lipa/platform';
import { definition } from './stk-service.definition';

void runService(definition);
