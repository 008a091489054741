// Loads edi.config.yaml: YAML -> ${env:}/${file:} interpolation -> environment overrides ->
// zod validation with errors that name the path -> the compiled form used at run time.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { coreErrors } from '../../lib/errors.js';
import { parseDuration } from '../../lib/duration.js';
import { configSchema, type BrokerConfig } from './schema.js';
import { interpolate } from './interpolate.js';
import { formatIssues } from './issues.js';

export const DEFAULT_CONFIG_FILE = 'edi.config.yaml';

export interface CompiledConfig extends BrokerConfig {
  /** Absolute path of the file read (or undefined for built-in defaults). */
  file: string | undefined;
  dataDirAbs: string;
  shutdownTimeoutMs: number;
  kafkaBrokers: string[];
}

export function loadConfig(file?: string, env: NodeJS.ProcessEnv = process.env): CompiledConfig {
  const path = resolve(file ?? env.EDI_CONFIG ?? DEFAULT_CONFIG_FILE);
  let raw: unknown = {};
  const explicit = file !== undefined || env.EDI_CONFIG !== undefined;
  if (existsSync(path)) {
    try {
      raw = parseYaml(readFileSync(path, 'utf8')) ?? {};
    } catch (err) {
      const where = err instanceof YAMLParseError && err.linePos ? ` at line ${err.linePos[0].line}` : '';
      throw coreErrors.create('EDI_ERR_CONFIG_INVALID', { issues: `${path}${where}: ${(err as Error).message.split('\n')[0]}` });
    }
  } else if (explicit) {
    throw coreErrors.create('EDI_ERR_CONFIG_INVALID', { issues: `${path}: file not found` });
  }
  return compileConfig(raw, existsSync(path) ? path : undefined, env);
}

export function compileConfig(raw: unknown, file: string | undefined, env: NodeJS.ProcessEnv = process.env): CompiledConfig {
  const baseDir = file ? dirname(file) : process.cwd();
  const interpolated = applyEnvOverrides(interpolate(raw, baseDir, env) as Record<string, unknown>, env);
  const parsed = configSchema.safeParse(interpolated);
  if (!parsed.success) {
    throw coreErrors.create('EDI_ERR_CONFIG_INVALID', { issues: formatIssues(parsed.error.issues).join('; ') }, { detail: { issues: formatIssues(parsed.error.issues) } });
  }
  const config = parsed.data;
  const brokers = typeof config.bus.kafka.brokers === 'string' ? config.bus.kafka.brokers.split(',') : config.bus.kafka.brokers;
  const kafkaBrokers = brokers.map((b) => b.trim()).filter(Boolean);
  if (config.bus.kind === 'kafka' && kafkaBrokers.length === 0) {
    throw coreErrors.create('EDI_ERR_CONFIG_INVALID', { issues: 'bus.kafka.brokers: required when bus.kind is kafka (or set KAFKA_BROKERS)' });
  }
  let shutdownTimeoutMs: number;
  try {
    shutdownTimeoutMs = parseDuration(config.shutdownTimeout);
    parseDuration(config.bus.embedded.sessionTimeout);
    parseDuration(config.bus.embedded.retentionInterval);
    parseDuration(config.bus.kafka.sessionTimeout);
  } catch (err) {
    throw coreErrors.create('EDI_ERR_CONFIG_INVALID', { issues: (err as Error).message });
  }
  return {
    ...config,
    file,
    dataDirAbs: resolve(baseDir, config.dataDir),
    shutdownTimeoutMs,
    kafkaBrokers,
  };
}

/** KAFKA_BROKERS switches to Kafka; EDI_DATA_DIR, EDI_HTTP_PORT, EDI_LOG_LEVEL, EDI_SANDBOX_<NAME>_URL override the file. */
function applyEnvOverrides(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = { ...raw };
  const obj = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' ? { ...(v as Record<string, unknown>) } : {});
  if (env.KAFKA_BROKERS) {
    const bus = obj(out.bus);
    bus.kind = 'kafka';
    bus.kafka = { ...obj(bus.kafka), brokers: env.KAFKA_BROKERS };
    out.bus = bus;
  }
  if (env.EDI_DATA_DIR) out.dataDir = env.EDI_DATA_DIR;
  if (env.EDI_HTTP_PORT) out.http = { ...obj(out.http), port: Number(env.EDI_HTTP_PORT) };
  if (env.EDI_HTTP_HOST) out.http = { ...obj(out.http), host: env.EDI_HTTP_HOST };
  if (env.EDI_LOG_LEVEL) out.log = { ...obj(out.log), level: env.EDI_LOG_LEVEL };
  // EDI_SANDBOX_<NAME>_URL: a sandbox running elsewhere (`edi sandbox <name>`, a container of
  // docker-compose.yml); ${sandbox:name} then resolves to it and it is not started here.
  for (const [k, v] of Object.entries(env)) {
    const m = /^EDI_SANDBOX_([A-Z0-9_]+)_URL$/.exec(k);
    if (m === null || !v) continue;
    const sandboxes = obj(out.sandboxes);
    const name = m[1]!.toLowerCase().replace(/_/g, '-');
    sandboxes[name] = { ...obj(sandboxes[name]), url: v };
    out.sandboxes = sandboxes;
  }
  return out;
}
