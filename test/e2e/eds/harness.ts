// The pieces of the taxi-trip end-to-end runs, each a real process or server: the EDS sandbox as
// its own process (`edi sandbox eds`, ledger in SQLite, so it outlives a killed broker), the
// broker (`node bin/edi.js start` with a test config: transformer.eds + outbound.eds), and a
// dispatch system writing trips as JSON straight onto eds.trips.inbound, as its own Kafka
// producer would (no edi-* headers).
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify as toYaml } from 'yaml';
import type { Bus } from '../../../topics/bus.js';
import type { Carriage } from '../../../schemas/eds/index.js';
import type { Proc } from '../tobacco/harness.js';
import type { SeedDriver } from '../../fixtures/eds/trips.js';

export { startBrokerProcess, stop, runEdi, type Proc } from '../tobacco/harness.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const EDI = join(ROOT, 'bin', 'edi.js');

/** `edi sandbox eds` as its own process; its ledger lives under `dir`. */
export async function startEdsSandboxProcess(dir: string, options: Record<string, unknown>): Promise<{ proc: Proc; url: string }> {
  const config = join(dir, 'sandbox.yaml');
  writeFileSync(config, toYaml({ dataDir: join(dir, 'sandbox-data'), sandboxes: { eds: { enabled: true, ...options } } }));
  const log = join(dir, 'sandbox.log');
  const out = openSync(log, 'a');
  const { KAFKA_BROKERS: _k, ...env } = process.env;
  const child = spawn(process.execPath, [EDI, '-c', config, 'sandbox', 'eds', '--port', '0', '--data-dir', join(dir, 'sandbox-data')], { cwd: ROOT, stdio: ['ignore', out, out], env });
  closeSync(out);
  const exited = new Promise<number | null>((r) => child.once('exit', (code, signal) => r(code ?? (signal ? -1 : null))));
  const proc: Proc = { child, log, exited };
  const deadline = Date.now() + 60_000;
  for (;;) {
    const line = readFileSync(log, 'utf8').split('\n').find((l) => l.startsWith('{') && l.includes('"sandbox":"eds"'));
    if (line) return { proc, url: (JSON.parse(line) as { url: string }).url };
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the EDS sandbox did not start: ${readFileSync(log, 'utf8').slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface EdsBrokerSetup {
  dir: string;
  sandboxUrl: string;
  credentials: { secrets: Record<string, string>; clients: Array<Record<string, string>> };
  /** Extra top-level config (bus, topics). */
  extra?: Record<string, unknown>;
  transformer?: Record<string, unknown>;
  delivery?: Record<string, unknown>;
  ids?: { transformer: string; delivery: string };
  file?: string;
}

export function writeEdsBrokerConfig(s: EdsBrokerSetup): string {
  const ids = s.ids ?? { transformer: 'eds-transform', delivery: 'eds-delivery' };
  const config = {
    dataDir: join(s.dir, 'data'),
    http: { host: '127.0.0.1', port: 0 },
    log: { level: 'info' },
    shutdownTimeout: '5s',
    bus: { kind: 'embedded', embedded: { sessionTimeout: '3s' } },
    ...s.extra,
    sandboxes: { eds: { enabled: true, url: s.sandboxUrl } },
    transformers: { [ids.transformer]: { type: 'transformer.eds', credentials: s.credentials, ...s.transformer } },
    connectors: {
      [ids.delivery]: {
        type: 'outbound.eds',
        environment: 'sandbox',
        baseUrl: '${sandbox:eds}',
        credentials: s.credentials,
        tokenRefreshBefore: '1s',
        retry: { initialDelay: '100ms', maxDelay: '2s', maxAttempts: 60 },
        ...s.delivery,
      },
    },
  };
  const file = s.file ?? join(s.dir, 'broker.yaml');
  writeFileSync(file, toYaml(config));
  return file;
}

/** A dispatch system's producer: trips as JSON, keyed by plate, no edi-* headers; `round` per produce. */
export async function produceTrips(bus: Bus, topic: string, trips: ReadonlyArray<{ driver: SeedDriver; trip: Carriage }>, opts: { round: number; pauseMs: number }): Promise<void> {
  for (let i = 0; i < trips.length; i += opts.round) {
    await bus.produce(trips.slice(i, i + opts.round).map(({ driver, trip }) => ({ topic, key: driver.plate, value: Buffer.from(JSON.stringify(trip)), headers: {} })));
    if (opts.pauseMs > 0) await new Promise((r) => setTimeout(r, opts.pauseMs));
  }
}

export interface LedgerTrip {
  id: number;
  clientId: string;
  statusCode: string;
  fingerprint: string;
  carriage: Carriage;
}

export async function readLedger(url: string, query = ''): Promise<LedgerTrip[]> {
  const res = await fetch(`${url}/_sandbox/ledger?${query}`);
  return ((await res.json()) as { trips: LedgerTrip[] }).trips;
}

export async function ledgerTotal(url: string): Promise<number> {
  const res = await fetch(`${url}/_sandbox/ledger?limit=1`);
  return ((await res.json()) as { total: number }).total;
}

export interface EdsStats {
  auth: Record<string, number>;
  carriage: Record<string, number>;
}

export async function sandboxStats(url: string): Promise<EdsStats> {
  return (await fetch(`${url}/_sandbox/stats`).then((r) => r.json())) as EdsStats;
}

export async function sandboxCall(url: string, method: string, body?: unknown): Promise<number> {
  const res = await fetch(url, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
  await res.arrayBuffer();
  return res.status;
}

/** Trip key for exactly-once checks: the driver and the start. */
export const tripKey = (t: Pick<Carriage, 'DriversPersonCode' | 'StartDateTime'>): string => `${t.DriversPersonCode}@${t.StartDateTime}`;
