// The effective config for `edi config`: secret fields (named by each component's spec) and
// resolved ${env:}/${file:} values of them are replaced, never printed.
import type { CompiledConfig } from '../config/load.js';
import type { Registry } from '../registry.js';

const REDACTED = '[redacted]';

export function redactedConfig(config: CompiledConfig, registry: Registry): unknown {
  const copy = structuredClone({ ...config, file: config.file }) as Record<string, unknown> & CompiledConfig;
  if (copy.bus.kafka.sasl) copy.bus.kafka.sasl.password = REDACTED;
  for (const section of ['connectors', 'transformers'] as const) {
    for (const entry of Object.values(copy[section])) {
      let secrets: readonly string[] = [];
      try {
        secrets = registry.component(entry.type).spec.secrets;
      } catch {
        // unknown type: the start-up error will say so; redact nothing we cannot name
      }
      for (const path of secrets) redactPath(entry as Record<string, unknown>, path.split('.'));
    }
  }
  return copy;
}

function redactPath(obj: Record<string, unknown>, path: string[]): void {
  const [head, ...rest] = path;
  if (head === undefined || !(head in obj)) return;
  if (rest.length === 0) {
    obj[head] = REDACTED;
    return;
  }
  const next = obj[head];
  if (Array.isArray(next)) for (const item of next) redactPath(item as Record<string, unknown>, rest);
  else if (next !== null && typeof next === 'object') redactPath(next as Record<string, unknown>, rest);
}
