// Every connector type, registered explicitly (one line each). `edi connectors` lists them.
import type { ComponentDefinition } from '../topics/component.js';

export const connectorDefinitions: ComponentDefinition[] = [];
