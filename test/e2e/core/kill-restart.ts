// The broker's delivery guarantee end to end (issue 2, "Must show"): `edi start` is killed with
// SIGKILL while papiNet files flow folder inbox → papinet topic → transformer.papinet → valid
// topic → outbound.folder, then started again on the same data (or Kafka). Shared by the
// embedded and the Kafka test; each run uses its own topics, component ids and groups.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { loadConfig } from '../../../runtime/config/load.js';
import { openBus } from '../../../runtime/cli/open-bus.js';
import type { BusRecord } from '../../../topics/record.js';
import { H } from '../../../topics/headers.js';
import type { TrackingEvent } from '../../../topics/tracking.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const FIXTURE = readFileSync(join(ROOT, 'test/fixtures/papinet/DeliveryMessageWood-original.xml'), 'utf8');

export interface FlowSetup {
  dir: string;
  /** Unique per run: topic names, component ids (= consumer groups, state namespaces). */
  run: string;
  kafkaBrokers?: string;
}

export interface Flow {
  config: string;
  env: NodeJS.ProcessEnv;
  dataDir: string;
  inbox: string;
  out: string;
  topics: { inbound: string; valid: string; dlq: string };
  ids: { inbox: string; transformer: string; delivery: string };
}

/** The broker's config for one run: one inbox, the papiNet transformer, one folder destination. */
export function writeFlow(s: FlowSetup): Flow {
  const dataDir = join(s.dir, 'data');
  const topics = { inbound: `e2e-${s.run}.papinet.inbound`, valid: `e2e-${s.run}.papinet.valid`, dlq: `e2e-${s.run}.papinet.dlq` };
  const ids = { inbox: `inbox-${s.run}`, transformer: `validate-${s.run}`, delivery: `buyer-${s.run}` };
  const config = {
    dataDir,
    http: { host: '127.0.0.1', port: 0 },
    log: { level: 'warn' },
    shutdownTimeout: '10s',
    bus: { kind: 'embedded', embedded: { sessionTimeout: '3s' }, kafka: { sessionTimeout: '6s' } },
    topics: [
      { name: topics.inbound, contentType: 'application/xml', key: 'source file name', partitions: 3, dlq: topics.dlq },
      { name: topics.valid, contentType: 'application/xml', key: 'document number', partitions: 3, dlq: topics.dlq },
      { name: topics.dlq, contentType: 'application/xml', partitions: 1 },
    ],
    sandboxes: {},
    connectors: {
      [ids.inbox]: { type: 'inbound.folder', path: 'inbox', topic: topics.inbound, stableWindow: '100ms', rescanInterval: '1s', batchFiles: 25 },
      [ids.delivery]: { type: 'outbound.folder', path: 'out', routes: [{ topic: topics.valid }], fileName: '{id}.xml' },
    },
    transformers: {
      [ids.transformer]: { type: 'transformer.papinet', input: [topics.inbound], output: topics.valid, maxBatchRecords: 20 },
    },
  };
  const file = join(s.dir, 'edi.config.yaml');
  writeFileSync(file, toYaml(config));
  const inbox = join(dataDir, 'inbox');
  mkdirSync(inbox, { recursive: true });
  // The children never inherit KAFKA_BROKERS (npm test sets it): the run says which bus it wants.
  const { KAFKA_BROKERS: _k, ...rest } = process.env;
  const env: NodeJS.ProcessEnv = { ...rest, EDI_LOG_LEVEL: 'warn', ...(s.kafkaBrokers ? { KAFKA_BROKERS: s.kafkaBrokers } : {}) };
  return { config: file, env, dataDir, inbox, out: join(dataDir, 'out'), topics, ids };
}

/** A valid DeliveryMessageWood with its own number (content differs, so no duplicate refusal). */
export function document(run: string, n: number): string {
  return FIXTURE.replace('KVA-2026-000417', `E2E-${run}-${String(n).padStart(5, '0')}`);
}

export const fileName = (n: number): string => `DM-${String(n).padStart(5, '0')}.xml`;

/** Drops files the way a partner's upload does: under a .tmp name, then renamed. */
export function dropFiles(flow: Flow, run: string, from: number, to: number): void {
  for (let n = from; n < to; n++) {
    const tmp = join(flow.inbox, `${fileName(n)}.tmp`);
    writeFileSync(tmp, document(run, n));
    renameSync(tmp, join(flow.inbox, fileName(n)));
  }
}

export function delivered(flow: Flow): string[] {
  if (!existsSync(flow.out)) return [];
  return readdirSync(flow.out).filter((f) => !f.startsWith('.') && f.endsWith('.xml'));
}

export interface BrokerProc {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}

export function startBroker(flow: Flow): BrokerProc {
  const child = spawn(process.execPath, [join(ROOT, 'bin/edi.js'), '-c', flow.config, 'start'], { cwd: ROOT, env: flow.env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-20_000)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  return { child, exited, stderr: () => err };
}

export async function waitUntil(what: string, cond: () => boolean | Promise<boolean>, proc: BrokerProc, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void proc.exited.then(() => (gone = true));
  for (;;) {
    if (await cond()) return;
    if (gone) throw new Error(`${what}: the broker exited; its stderr:\n${proc.stderr()}`);
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms; broker stderr:\n${proc.stderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface BusView {
  inbound: BusRecord[];
  valid: BusRecord[];
  dlq: BusRecord[];
  tracking: TrackingEvent[];
  /** Committed offset per partition of the transformer's group on the inbound topic (null = none). */
  transformerCommitted: Map<number, bigint | null>;
  deliveryCommitted: Map<number, bigint | null>;
}

/** What the bus holds, read with the broker stopped (or dead). */
export async function readBus(flow: Flow): Promise<BusView> {
  const bus = await openBus(loadConfig(flow.config, flow.env));
  try {
    const all = async (topic: string): Promise<BusRecord[]> => {
      const out: BusRecord[] = [];
      for await (const r of bus.scan(topic)) out.push(r);
      return out;
    };
    const committed = async (group: string, topic: string): Promise<Map<number, bigint | null>> =>
      new Map((await bus.groupLag(group, [topic])).map((l) => [l.partition, l.committed === null ? null : BigInt(l.committed)]));
    const mine = new Set(Object.values(flow.ids));
    const tracking = (await all('edi.tracking')).map((r) => JSON.parse(r.value.toString()) as TrackingEvent).filter((e) => mine.has(e.component));
    return {
      inbound: await all(flow.topics.inbound),
      valid: await all(flow.topics.valid),
      dlq: await all(flow.topics.dlq),
      tracking,
      transformerCommitted: await committed(flow.ids.transformer, flow.topics.inbound),
      deliveryCommitted: await committed(flow.ids.delivery, flow.topics.valid),
    };
  } finally {
    await bus.close();
  }
}

export const idOf = (r: BusRecord): string => r.headers[H.id]!;

/** Was this record's offset at or past its group's committed offset, i.e. not yet committed? */
export function uncommitted(r: BusRecord, committed: Map<number, bigint | null>): boolean {
  const c = committed.get(r.partition);
  return c === null || c === undefined || BigInt(r.offset) >= c;
}
