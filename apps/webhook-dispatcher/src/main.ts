import { runService } from '@lipa/platform';
import { definition } from './webhook-dispatcher.definition';

void runService(definition);
