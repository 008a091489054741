// A real Confluent-compatible schema registry for the tests: Apicurio Registry 2.6 (in-memory
// H2 storage, Confluent API at /apis/ccompat/v7), from Maven Central, run on a free
// 127.0.0.1 port. Karapace, the first choice, is not on PyPI (Aiven ships it from GitHub and
// as a container image, neither reachable here), and Confluent's own registry is published
// only on Confluent's Maven repository, not on Maven Central.
//
// Installed once into a cache dir (EDI_SCHEMA_REGISTRY_CACHE, default
// ~/.cache/edi-schema-registry): `mvn dependency:copy` of
// io.apicurio:apicurio-registry-app:2.6.13.Final:zip:all (142 MB, ~16 s), then unzipped (~1 s).
// Start-up takes ~4 s; it needs Java 17+ (Apicurio 3.x would need 21).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireServer } from './env.js';

export const APICURIO_VERSION = '2.6.13.Final';
const ARTIFACT = `io.apicurio:apicurio-registry-app:${APICURIO_VERSION}:zip:all`;
const RUNNER = `apicurio-registry-app-${APICURIO_VERSION}-runner.jar`;

export interface SchemaRegistryServer {
  /** Base URL of the Confluent-compatible API (what the broker's schemaRegistry.url takes). */
  url: string;
  product: string;
  pid: number;
  /** Install (0 when cached) and start-up times, for the report. */
  timings: { installMs: number; startMs: number };
  stop(): Promise<void>;
}

export function cacheDir(): string {
  return process.env.EDI_SCHEMA_REGISTRY_CACHE ?? join(homedir(), '.cache', 'edi-schema-registry');
}

const installDir = (): string => join(cacheDir(), `apicurio-${APICURIO_VERSION}`);
const ok = (cmd: string, args: string[]): boolean => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;

export function schemaRegistryInstalled(): boolean {
  return existsSync(join(installDir(), RUNNER));
}

/** Java is enough when the registry is cached; Maven is needed to fetch it once. */
export function schemaRegistryAvailable(): boolean {
  return ok('java', ['-version']) && (schemaRegistryInstalled() || ok('mvn', ['-v']));
}

export const describeSchemaRegistry = () =>
  requireServer(`schema registry (Apicurio ${APICURIO_VERSION})`, schemaRegistryAvailable(), 'needs Java 17+, and Maven to fetch Apicurio Registry from Maven Central once');

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** Fetches and unpacks the registry once; two test workers may race: a lock dir serialises them. */
export async function install(): Promise<number> {
  if (schemaRegistryInstalled()) return 0;
  const started = Date.now();
  mkdirSync(cacheDir(), { recursive: true });
  const lock = join(cacheDir(), '.install.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than 10 minutes is left over from a killed run.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 600_000) rmSync(lock, { recursive: true, force: true });
      await sleep(500);
      if (schemaRegistryInstalled()) return Date.now() - started;
    }
  }
  try {
    if (schemaRegistryInstalled()) return Date.now() - started;
    const zip = join(cacheDir(), `apicurio-registry-app-${APICURIO_VERSION}-all.zip`);
    if (!existsSync(zip)) {
      const r = spawnSync('mvn', ['-q', '-B', 'dependency:copy', `-Dartifact=${ARTIFACT}`, `-DoutputDirectory=${cacheDir()}`], { stdio: ['ignore', 'inherit', 'inherit'] });
      if (r.status !== 0 || !existsSync(zip)) throw new Error(`mvn dependency:copy ${ARTIFACT} failed (exit ${r.status})`);
    }
    const staging = mkdtempSync(join(cacheDir(), 'unpack-'));
    // unzip, else Python's zipfile (CI has python3), else the JDK's jar tool (not in a JRE).
    const unzipped =
      ok('unzip', ['-q', '-o', zip, '-d', staging]) || ok('python3', ['-m', 'zipfile', '-e', zip, staging]) || spawnSync('jar', ['xf', zip], { cwd: staging, stdio: 'ignore' }).status === 0;
    if (!unzipped || !existsSync(join(staging, RUNNER))) throw new Error(`unpacking ${zip} failed (needs unzip, python3 or the JDK's jar tool)`);
    renameSync(staging, installDir());
    rmSync(zip, { force: true });
    return Date.now() - started;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});

export async function startSchemaRegistry(options: { timeoutMs?: number; port?: number } = {}): Promise<SchemaRegistryServer> {
  const installMs = await install();
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'edi-registry-'));
  const out = openSync(join(dir, 'registry.log'), 'a');
  const started = Date.now();
  const child = spawn(
    'java',
    ['-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', `-Dquarkus.http.port=${port}`, '-Dquarkus.http.host=127.0.0.1', '-Dquarkus.log.level=WARN', `-Djava.io.tmpdir=${dir}`, '-jar', join(installDir(), RUNNER)],
    { cwd: dir, stdio: ['ignore', out, out] },
  );
  closeSync(out);
  running.add(child);
  const url = `http://127.0.0.1:${port}/apis/ccompat/v7`;
  let exited: number | null = null;
  child.once('exit', (code) => {
    exited = code ?? -1;
    running.delete(child);
  });
  const stop = async (): Promise<void> => {
    if (exited !== null) return;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  for (;;) {
    if (exited !== null) throw new Error(`schema registry exited with ${exited} during start-up; see ${join(dir, 'registry.log')} (${readdirSync(dir).join(', ')})`);
    try {
      const res = await fetch(`${url}/subjects`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`schema registry did not answer on ${url} within ${options.timeoutMs ?? 90_000} ms`);
    }
    await sleep(200);
  }
  return { url, product: `Apicurio Registry ${APICURIO_VERSION}`, pid: child.pid!, timings: { installMs, startMs: Date.now() - started }, stop };
}

// `node --import tsx test/support/schema-registry.ts install`: fetch and unpack it ahead of the
// tests (what .ci/run can do once, before `npm test`).
if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href && process.argv[2] === 'install') {
  const ms = await install();
  console.log(`Apicurio Registry ${APICURIO_VERSION} in ${installDir()} (${ms === 0 ? 'already there' : `installed in ${(ms / 1000).toFixed(1)} s`})`);
}
