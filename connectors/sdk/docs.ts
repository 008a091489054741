// Component docs generated from the specs, so the README, `edi connectors` and the config
// validation can never drift apart (Redpanda Connect habit).
import { z } from 'zod';
import { stringify as toYaml } from 'yaml';
import type { ComponentDefinition } from '../../topics/component.js';

export interface OptionDoc {
  path: string;
  type: string;
  required: boolean;
  default?: unknown;
  secret: boolean;
  description: string;
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  default?: unknown;
  description?: string;
  enum?: unknown[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  const?: unknown;
};

export function optionDocs(def: ComponentDefinition): OptionDoc[] {
  const schema = z.toJSONSchema(def.spec.config, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const out: OptionDoc[] = [];
  const walk = (s: JsonSchema, prefix: string, parentRequired: boolean): void => {
    for (const [name, prop] of Object.entries(s.properties ?? {})) {
      const path = prefix ? `${prefix}.${name}` : name;
      const required = parentRequired && (s.required ?? []).includes(name) && prop.default === undefined;
      // A secret inside a list or a map is named without the [] / <name> step (as `edi config` redacts it).
      const secret = def.spec.secrets.includes(path.replace(/\[\]|\.<name>/g, ''));
      const doc: OptionDoc = { path, type: typeName(prop), required, secret, description: prop.description ?? '' };
      if (prop.default !== undefined) doc.default = prop.default;
      out.push(doc);
      const objectBranch = prop.properties ? prop : (prop.anyOf ?? prop.oneOf ?? []).find((b) => b.properties);
      if (objectBranch) walk(objectBranch, path, required);
      // Lists of objects (routes, senders) and maps of objects (flows) document their entries' options too.
      else if (prop.items?.properties) walk(prop.items, `${path}[]`, required);
      else if (typeof prop.additionalProperties === 'object' && prop.additionalProperties.properties) walk(prop.additionalProperties, `${path}.<name>`, required);
    }
  };
  walk(schema, '', true);
  return out;
}

function typeName(s: JsonSchema): string {
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (s.const !== undefined) return JSON.stringify(s.const);
  const branches = s.anyOf ?? s.oneOf;
  if (branches) return [...new Set(branches.map(typeName))].join(' | ');
  if (s.type === 'array') return `${s.items ? typeName(s.items) : 'any'}[]`;
  if (Array.isArray(s.type)) return s.type.join(' | ');
  return s.type ?? 'any';
}

export function componentMarkdown(def: ComponentDefinition): string {
  const { spec } = def;
  const lines = [`### \`${spec.type}\` (${spec.kind})`, '', spec.summary, '', spec.description.trim(), '', '| option | type | required | default | description |', '|---|---|---|---|---|'];
  for (const o of optionDocs(def)) {
    const def_ = o.default === undefined ? '' : `\`${JSON.stringify(o.default)}\``;
    const desc = `${o.secret ? '**secret** (`${env:…}`/`${file:…}`). ' : ''}${o.description}`.replace(/\|/g, '\\|').replace(/\n/g, ' ');
    lines.push(`| \`${o.path}\` | ${o.type.replace(/\|/g, '\\|')} | ${o.required ? 'yes' : ''} | ${def_} | ${desc} |`);
  }
  for (const ex of spec.examples) {
    lines.push('', `Example: ${ex.title}`, '', '```yaml', toYaml({ 'my-id': { type: spec.type, ...ex.config } }).trimEnd(), '```');
  }
  return lines.join('\n');
}
