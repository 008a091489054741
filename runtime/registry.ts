// The registry of everything the runtime can run: connectors, transformers, sandboxes, and
// the document formats `edi validate` knows. Registration is explicit, in the lists below.
import type { ComponentDefinition } from '../topics/component.js';
import type { SandboxFactory } from '../sandbox/sdk/factory.js';
import type { DocumentFormat } from '../schemas/format.js';
import { connectorDefinitions } from '../connectors/index.js';
import { transformerDefinitions } from '../transformers/index.js';
import { sandboxFactories } from '../sandbox/index.js';
import { documentFormats } from './formats.js';
import { coreErrors } from '../lib/errors.js';

export class Registry {
  private readonly components = new Map<string, ComponentDefinition>();
  private readonly sandboxes = new Map<string, SandboxFactory>();

  constructor(
    components: readonly ComponentDefinition[],
    sandboxes: readonly SandboxFactory[],
    readonly formats: readonly DocumentFormat[],
  ) {
    for (const def of components) {
      if (this.components.has(def.spec.type)) throw new Error(`component type ${def.spec.type} registered twice`);
      this.components.set(def.spec.type, def);
    }
    for (const s of sandboxes) this.sandboxes.set(s.name, s);
  }

  component(type: string): ComponentDefinition {
    const def = this.components.get(type);
    if (def === undefined) throw coreErrors.create('EDI_ERR_COMPONENT_UNKNOWN', { type, known: [...this.components.keys()].join(', ') || 'none' });
    return def;
  }

  allComponents(): ComponentDefinition[] {
    return [...this.components.values()].sort((a, b) => a.spec.type.localeCompare(b.spec.type));
  }

  sandbox(name: string): SandboxFactory | undefined {
    return this.sandboxes.get(name);
  }

  allSandboxes(): SandboxFactory[] {
    return [...this.sandboxes.values()];
  }
}

export function defaultRegistry(): Registry {
  return new Registry([...connectorDefinitions, ...transformerDefinitions], sandboxFactories, documentFormats);
}
