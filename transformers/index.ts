// Every transformer type, registered explicitly (one line each).
import type { ComponentDefinition } from '../topics/component.js';

export const transformerDefinitions: ComponentDefinition[] = [];
