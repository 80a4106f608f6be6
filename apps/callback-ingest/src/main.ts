import { runService } from '@lipa/platform';
import { definition } from './callback-ingest.definition';

void runService(definition);
