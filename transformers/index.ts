// Every transformer type, registered explicitly (one line each).
import type { ComponentDefinition } from '../topics/component.js';
import { tobaccoTransformer } from './tobacco/index.js';
import { papinetTransformer } from './papinet/component.js';
import { edsTransformer } from './eds/index.js';
import { eudrReferencesStep } from './eudr-references/component.js';

export const transformerDefinitions: ComponentDefinition[] = [tobaccoTransformer, edsTransformer, papinetTransformer, eudrReferencesStep];
