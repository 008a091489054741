// ${env:NAME}, ${env:NAME:-default} and ${file:PATH} in config strings: secrets stay out of the
// file. ${sandbox:NAME} is left for the wiring, which knows the sandbox's URL once it listens.
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { coreErrors } from '../../lib/errors.js';

const REF = /\$\{(env|file):([^}]+)\}/g;

export function interpolate(value: unknown, baseDir: string, env: NodeJS.ProcessEnv, path: string[] = []): unknown {
  if (typeof value === 'string') return interpolateString(value, baseDir, env, path);
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, baseDir, env, [...path, String(i)]));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, baseDir, env, [...path, k])]));
  }
  return value;
}

function interpolateString(s: string, baseDir: string, env: NodeJS.ProcessEnv, path: string[]): string {
  return s.replace(REF, (ref, kind: string, arg: string) => {
    if (kind === 'env') {
      const [name, fallback] = splitDefault(arg);
      const v = env[name];
      if (v !== undefined && v !== '') return v;
      if (fallback !== undefined) return fallback;
      throw coreErrors.create('EDI_ERR_CONFIG_SECRET_MISSING', { ref, path: path.join('.'), reason: `environment variable ${name} is not set` });
    }
    const file = isAbsolute(arg) ? arg : resolve(baseDir, arg);
    try {
      // A trailing newline from `echo secret > file` is not part of the secret.
      return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      throw coreErrors.create('EDI_ERR_CONFIG_SECRET_MISSING', { ref, path: path.join('.'), reason: (err as NodeJS.ErrnoException).code ?? 'unreadable' });
    }
  });
}

function splitDefault(arg: string): [string, string | undefined] {
  const i = arg.indexOf(':-');
  return i < 0 ? [arg, undefined] : [arg.slice(0, i), arg.slice(i + 2)];
}

const SANDBOX_REF = /\$\{sandbox:([a-z0-9-]+)\}/g;

/** Replaces ${sandbox:NAME} with the sandbox's base URL. */
export function resolveSandboxRefs(value: unknown, urlOf: (name: string) => string): unknown {
  if (typeof value === 'string') return value.replace(SANDBOX_REF, (_, name: string) => urlOf(name));
  if (Array.isArray(value)) return value.map((v) => resolveSandboxRefs(v, urlOf));
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveSandboxRefs(v, urlOf)]));
  }
  return value;
}

export function sandboxRefs(value: unknown): string[] {
  const names = new Set<string>();
  JSON.stringify(value ?? null).replace(SANDBOX_REF, (_, name: string) => (names.add(name), ''));
  return [...names];
}
