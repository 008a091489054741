import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { compileConfig, loadConfig } from './load.js';
import { EdiError } from '../../lib/errors.js';

function errorOf(fn: () => unknown): EdiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof EdiError) return err;
    throw err;
  }
  throw new Error('expected an error');
}

describe('configuration', () => {
  it('fills defaults: embedded bus, 127.0.0.1:8080, ./data', () => {
    const c = compileConfig({}, undefined, {});
    expect(c.bus.kind).toBe('embedded');
    expect(c.http).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(c.dataDirAbs).toBe(join(process.cwd(), 'data'));
    expect(c.shutdownTimeoutMs).toBe(10_000);
  });

  it('names the path of a missing field and of an unknown key', () => {
    const e = errorOf(() => compileConfig({ connectors: { inbox: { path: 'x' } }, colour: 'blue' }, undefined, {}));
    expect(e.code).toBe('EDI_ERR_CONFIG_INVALID');
    expect(e.message).toContain('connectors.inbox.type: required');
    expect(e.message).toContain('colour');
  });

  it('resolves ${env:…} and ${file:…} and reports a missing one by path, never by value', () => {
    const dir = mkdtempSync(join(tmpdir(), 'edi-cfg-'));
    writeFileSync(join(dir, 'key'), 's3cret-from-file\n');
    const c = compileConfig({ connectors: { a: { type: 't', k: '${file:key}', e: '${env:EDI_T_SECRET}', d: '${env:EDI_T_NONE:-fallback}' } } }, join(dir, 'edi.config.yaml'), {
      EDI_T_SECRET: 'from-env',
    });
    expect(c.connectors.a).toMatchObject({ k: 's3cret-from-file', e: 'from-env', d: 'fallback' });
    const e = errorOf(() => compileConfig({ connectors: { a: { type: 't', k: '${env:EDI_T_MISSING}' } } }, undefined, {}));
    expect(e.code).toBe('EDI_ERR_CONFIG_SECRET_MISSING');
    expect(e.message).toContain('connectors.a.k');
  });

  it('KAFKA_BROKERS switches to Kafka; EDI_DATA_DIR and EDI_HTTP_PORT override the file', () => {
    const c = compileConfig({ bus: { kind: 'embedded' }, http: { port: 8080 } }, undefined, { KAFKA_BROKERS: 'a:9092, b:9092', EDI_DATA_DIR: '/tmp/x', EDI_HTTP_PORT: '9999' });
    expect(c.bus.kind).toBe('kafka');
    expect(c.kafkaBrokers).toEqual(['a:9092', 'b:9092']);
    expect(c.dataDirAbs).toBe('/tmp/x');
    expect(c.http.port).toBe(9999);
  });

  it('refuses Kafka without brokers', () => {
    expect(errorOf(() => compileConfig({ bus: { kind: 'kafka' } }, undefined, {})).message).toContain('bus.kafka.brokers');
  });

  it('reports a YAML syntax error with its line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'edi-cfg-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'http:\n  port: 1\nlog: [unclosed\n');
    const e = errorOf(() => loadConfig(file, {}));
    expect(e.code).toBe('EDI_ERR_CONFIG_INVALID');
    expect(e.message).toMatch(/at line [34]/);
  });

  it('the shipped edi.config.yaml is valid', () => {
    expect(() => loadConfig(join(import.meta.dirname, '../../edi.config.yaml'), {})).not.toThrow();
  });
});
