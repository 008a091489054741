// Avro schemas (.avsc) of one domain folder (schemas/avro/<domain>/), read and compiled once
// per process with avsc and looked up by full name. Schemas fetched from a registry at run
// time are compiled with compileAvroSchema (the caller caches them by schema id).
import avro from 'avsc';
import type { Type } from 'avsc';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface LoadedAvroSchema {
  /** namespace.name, e.g. edi.tobacco.erp.Dispatch */
  fullName: string;
  /** File name inside the domain folder. */
  file: string;
  /** The schema as written (custom attributes such as "edi.messageType" kept). */
  json: Readonly<Record<string, unknown>>;
  /** The schema as avsc exports it (no custom attributes, no docs): what a registry is given. */
  canonical: string;
  type: Type;
}

const cache = new Map<string, ReadonlyMap<string, LoadedAvroSchema>>();

export function compileAvroSchema(schema: string | object): Type {
  const json: unknown = typeof schema === 'string' ? JSON.parse(schema) : schema;
  return avro.Type.forSchema(json as avro.Schema);
}

/** Every schema of schemas/avro/<domain>/, by full name; compiled on first use only. */
export function loadAvroSchemas(domain: string): ReadonlyMap<string, LoadedAvroSchema> {
  const hit = cache.get(domain);
  if (hit) return hit;
  if (!/^[a-z0-9-]+$/.test(domain)) throw new Error(`invalid Avro schema domain ${JSON.stringify(domain)}`);
  const dir = fileURLToPath(new URL(`./${domain}/`, import.meta.url));
  const out = new Map<string, LoadedAvroSchema>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.avsc')).sort()) {
    const json = JSON.parse(readFileSync(`${dir}${file}`, 'utf8')) as Record<string, unknown>;
    let type: Type;
    try {
      type = compileAvroSchema(json);
    } catch (err) {
      throw new Error(`schemas/avro/${domain}/${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const fullName = type.name;
    if (fullName === undefined) throw new Error(`schemas/avro/${domain}/${file}: top-level schema must be a named type`);
    if (out.has(fullName)) throw new Error(`schemas/avro/${domain}/${file}: ${fullName} declared twice`);
    out.set(fullName, { fullName, file, json, canonical: JSON.stringify(type.schema()), type });
  }
  cache.set(domain, out);
  return out;
}
