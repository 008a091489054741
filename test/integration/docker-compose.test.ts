// docker-compose.yml cannot be run here (no Docker on the build machine). What can be checked is:
// it is what scripts/compose.ts generates from today's edi.config.yaml (one service per component
// and per sandbox, Kafka in KRaft mode, the one-shot topics apply), and the commands its
// containers run work outside a container: `edi sandbox <name> --host --port` and
// `edi run <component-id>` with EDI_SANDBOX_<NAME>_URL pointing at that sandbox.
import { describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { composeFile } from '../../scripts/compose.js';
import { loadConfig } from '../../runtime/config/load.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CONFIG = join(ROOT, 'edi.config.yaml');
const composeText = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');

interface Service {
  image: string;
  command?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
}

describe('docker-compose.yml', () => {
  const compose = parseYaml(composeText) as { services: Record<string, Service> };
  const config = loadConfig(CONFIG, {});

  it('is what `npm run docs:compose` generates from edi.config.yaml today', () => {
    expect(composeText).toBe(composeFile(readFileSync(CONFIG, 'utf8')));
    expect(composeText).toMatch(/^# .*\n(#.*\n)*#.*[Nn]ot run in CI here/);
  });

  it('runs Apache Kafka 4.x as one KRaft node reachable on the compose network, then `edi topics apply` once', () => {
    const kafka = compose.services.kafka!;
    expect(kafka.image).toMatch(/^apache\/kafka:4\.\d+\.\d+$/);
    expect(kafka.environment).toMatchObject({ KAFKA_PROCESS_ROLES: 'broker,controller', KAFKA_CONTROLLER_QUORUM_VOTERS: '1@kafka:9093', KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: 1 });
    expect(String(kafka.environment!.KAFKA_ADVERTISED_LISTENERS)).toContain('PLAINTEXT://kafka:9092');
    const topics = compose.services.topics!;
    expect(topics.command).toEqual(['topics', 'apply']);
    expect(topics.environment!.KAFKA_BROKERS).toBe('kafka:9092');
    expect(topics.depends_on).toEqual({ kafka: { condition: 'service_healthy' } });
  });

  it('has one `edi run <id>` service per enabled component of the default config, each on Kafka after the topics', () => {
    const ids = [...Object.entries(config.connectors), ...Object.entries(config.transformers)].filter(([, c]) => c.enabled).map(([id]) => id);
    expect(ids.length).toBeGreaterThan(0);
    const runs = Object.entries(compose.services).filter(([, s]) => s.command?.[0] === 'run');
    expect(runs.map(([name, s]) => [name, s.command![1]]).sort()).toEqual(ids.map((id) => [id, id]).sort());
    for (const [, s] of runs) {
      expect(s.environment!.KAFKA_BROKERS).toBe('kafka:9092');
      expect(s.depends_on!.topics).toEqual({ condition: 'service_completed_successfully' });
    }
  });

  it('has one `edi sandbox <name>` service per enabled sandbox on a fixed port, and every component is pointed at it', () => {
    const enabled = Object.entries(config.sandboxes).filter(([, s]) => s.enabled).map(([n]) => n);
    for (const name of enabled) {
      const s = compose.services[`sandbox-${name}`]!;
      expect(s.command!.slice(0, 4)).toEqual(['sandbox', name, '--host', '0.0.0.0']);
      const port = s.command![s.command!.indexOf('--port') + 1];
      expect(Number(port)).toBeGreaterThan(0);
      for (const [, svc] of Object.entries(compose.services).filter(([, x]) => x.command?.[0] === 'run')) {
        expect(svc.environment![`EDI_SANDBOX_${name.toUpperCase()}_URL`]).toBe(`http://sandbox-${name}:${port}`);
      }
    }
  });

  it('EDI_SANDBOX_<NAME>_URL sets the sandbox URL in the loaded config', () => {
    const c = loadConfig(CONFIG, { EDI_SANDBOX_TOBACCO_URL: 'http://sandbox-tobacco:9101' });
    expect(c.sandboxes.tobacco?.url).toBe('http://sandbox-tobacco:9101');
    expect(loadConfig(CONFIG, {}).sandboxes.tobacco?.url).toBeUndefined();
  });
});

// The container commands, run here as processes on the embedded bus.
function spawnEdi(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  const { KAFKA_BROKERS: _k, EDI_CONFIG: _c, ...rest } = process.env;
  const child = spawn(process.execPath, [join(ROOT, 'bin/edi.js'), '-c', CONFIG, ...args], { cwd: ROOT, env: { ...rest, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

async function waitFor<T>(what: string, get: () => T | undefined, p: { child: ChildProcess; output: () => string }, ms = 90_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (p.child.exitCode !== null) throw new Error(`${what}: exited; output:\n${p.output()}`);
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms; output:\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stop(p: { child: ChildProcess } | undefined): Promise<number | null> {
  if (p === undefined || p.child.exitCode !== null) return p?.child.exitCode ?? null;
  const exited = new Promise<number | null>((r) => p.child.once('exit', (code) => r(code)));
  p.child.kill('SIGTERM');
  return exited;
}

describe('the commands of the compose services, outside a container', () => {
  it('`edi sandbox tobacco --host --port` serves; `edi run tobacco-router` with EDI_SANDBOX_TOBACCO_URL runs that one component against it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edi-compose-'));
    let sandbox: ReturnType<typeof spawnEdi> | undefined;
    let one: ReturnType<typeof spawnEdi> | undefined;
    try {
      sandbox = spawnEdi(['sandbox', 'tobacco', '--host', '127.0.0.1', '--port', '0', '--data-dir', join(dir, 'sandbox')], { EDI_DATA_DIR: join(dir, 'sandbox-data') });
      const sandboxUrl = await waitFor('sandbox url', () => /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(sandbox!.output())?.[1], sandbox);
      expect((await fetch(`${sandboxUrl}/_sandbox/seed`)).status).toBe(200);

      one = spawnEdi(['run', 'tobacco-router'], { EDI_DATA_DIR: join(dir, 'data'), EDI_HTTP_PORT: '0', EDI_LOG_LEVEL: 'info', EDI_SANDBOX_TOBACCO_URL: sandboxUrl });
      const url = await waitFor('broker started', () => /"url":"(http:\/\/127\.0\.0\.1:\d+)".*"msg":"broker started"/.exec(one!.output())?.[1], one);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const components = (await (await fetch(`${url}/v1/components`)).json()) as unknown;
      const list = (Array.isArray(components) ? components : (components as { components: unknown[] }).components) as Array<{ id: string; state: string; kind: string }>;
      // Only that component, and no sandbox started in this process: the URL came from the environment.
      expect(list.map((c) => [c.id, c.state])).toEqual([['tobacco-router', 'running']]);
      expect(one.output()).toContain('"components":["tobacco-router"],"sandboxes":[]');
      expect(await stop(one)).toBe(0);
    } finally {
      await stop(one);
      await stop(sandbox);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
