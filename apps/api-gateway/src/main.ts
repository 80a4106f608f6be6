import { runService } from '@lipa/platform';
import { definition } from './api-gateway.definition';

void runService(definition);
