// The pieces of the timber / EUDR end-to-end runs, each a real process: the TRACES and VMD
// sandboxes as their own processes (`edi sandbox traces|vmd`, state in SQLite), the broker
// (`node bin/edi.js start` with a test config: papiNet inbox → transformer.papinet →
// transformer.eudr-references → statement flow → buyers' outbox), read back over HTTP (the
// tracking API, the sandbox ledger), from the buyers' folders and from the bus.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { stringify as toYaml } from 'yaml';
import type { TopicSpec } from '../../../topics/catalogue.js';
import type { BusRecord } from '../../../topics/record.js';
import type { TrackingEvent } from '../../../topics/tracking.js';
import { recordsIn } from '../../support/broker-process.js';
import { spawnEdi, stop, waitForLine, type Proc } from '../../support/edi-process.js';

export { stop, type Proc };

const ROOT = resolve(import.meta.dirname, '../../..');

export const SUPPLIER = 'LV40103987654';
export const RECEIVER = 'LV40003123456';
export const AFFIRMATIONS = ['4210000101', '4210000102'] as const;

export const fixture = (name: string): Buffer => readFileSync(join(ROOT, 'test', 'fixtures', 'papinet', name));


/** `edi sandbox traces|vmd` as its own process; its state lives under `dir`. */
export async function startSandbox(dir: string, name: 'traces' | 'vmd', options: Record<string, unknown> = {}): Promise<{ proc: Proc; url: string }> {
  const config = join(dir, `sandbox-${name}.yaml`);
  const data = join(dir, `sandbox-${name}`);
  writeFileSync(config, toYaml({ dataDir: data, sandboxes: { [name]: { enabled: true, ...options } } }));
  const proc = spawnEdi(['-c', config, 'sandbox', name, '--port', '0', '--data-dir', data], join(dir, `sandbox-${name}.log`));
  const url = await waitForLine(proc, (l) => (l.startsWith('{') && l.includes(`"sandbox":"${name}"`) && l.includes('"url"') ? (JSON.parse(l) as { url: string }).url : undefined), `sandbox ${name} start`);
  return { proc, url };
}

export interface Broker extends Proc {
  url: string;
}

/** `node bin/edi.js start`; resolves once the broker logged that it started, with its HTTP address. */
export async function startBroker(configFile: string, logFile: string, env: NodeJS.ProcessEnv = {}): Promise<Broker> {
  const proc = spawnEdi(['-c', configFile, 'start'], logFile, env);
  const url = await waitForLine(
    proc,
    (l) => (l.includes('"msg":"broker started"') && l.includes(`"pid":${proc.child.pid}`) ? (JSON.parse(l) as { url: string }).url : undefined),
    'broker start',
  );
  return { ...proc, url };
}

/** Topic names: the catalogue's on a fresh embedded log, run-suffixed ones on the shared Kafka. */
export interface EudrTopics {
  inbound: string;
  valid: string;
  outbound: string;
  dlq: string;
  requested: string;
  prepared: string;
  receipts: string;
  eudrDlq: string;
}

export const CATALOGUE_TOPICS: EudrTopics = {
  inbound: 'papinet.inbound',
  valid: 'papinet.valid',
  outbound: 'papinet.outbound',
  dlq: 'papinet.dlq',
  requested: 'eudr.statements.requested',
  prepared: 'eudr.statements.prepared',
  receipts: 'eudr.statements.receipts',
  eudrDlq: 'eudr.dlq',
};

export function runTopics(run: string): { names: EudrTopics; specs: TopicSpec[] } {
  const names = Object.fromEntries(Object.entries(CATALOGUE_TOPICS).map(([k, v]) => [k, `${v}.${run}`])) as unknown as EudrTopics;
  const day = 86_400_000;
  const t = (name: string, contentType: string, dlq?: string, cleanup: 'delete' | 'compact' = 'delete'): TopicSpec => ({
    name,
    description: 'eudr e2e',
    key: 'e2e',
    contentType,
    partitions: dlq === undefined && cleanup === 'delete' ? 1 : 3,
    cleanup,
    retentionMs: cleanup === 'compact' ? -1 : day,
    ...(dlq === undefined ? {} : { dlq }),
  });
  const specs = [
    t(names.inbound, 'application/xml', names.dlq),
    t(names.valid, 'application/xml', names.dlq),
    t(names.outbound, 'application/xml', names.dlq),
    t(names.dlq, 'application/xml'),
    t(names.requested, 'application/json', names.eudrDlq),
    t(names.prepared, 'application/json', names.eudrDlq),
    t(names.receipts, 'application/json', undefined, 'compact'),
    t(names.eudrDlq, 'application/json'),
  ];
  return { names, specs };
}

export interface EudrSetup {
  dir: string;
  /** Suffix of component ids (and topics on Kafka). */
  run: string;
  kafka?: { clientId: string; topics: TopicSpec[] };
  topics?: EudrTopics;
  /** Sandbox URLs; the statement flow (VMD fetch, TRACES client) is configured only when given. */
  sandboxes?: { traces: string; vmd: string };
  /** Components of the statement flow (VMD fetch stage, TRACES client) for these topics and sandboxes. */
  statementFlow?: (topics: EudrTopics, run: string) => Record<string, Record<string, unknown>>;
  maxWait?: string;
}

export interface EudrPaths {
  config: string;
  dataDir: string;
  /** The papiNet inbox as configured by default (50 MB, UTF-8 required). */
  inbox: string;
  /** A second inbox that lets everything through to the transformer (its own limits). */
  rawInbox: string;
  outbox: string;
}

export function writeEudrConfig(s: EudrSetup): EudrPaths {
  const T = s.topics ?? CATALOGUE_TOPICS;
  const dataDir = join(s.dir, 'data');
  const config: Record<string, unknown> = {
    dataDir,
    http: { host: '127.0.0.1', port: 0 },
    log: { level: 'info' },
    shutdownTimeout: '5s',
    bus: s.kafka === undefined ? { kind: 'embedded', embedded: { sessionTimeout: '3s' } } : { kind: 'kafka', kafka: { clientId: s.kafka.clientId, sessionTimeout: '6s' } },
    ...(s.kafka === undefined ? {} : { topics: s.kafka.topics }),
    sandboxes: s.sandboxes === undefined ? {} : { traces: { enabled: true, url: s.sandboxes.traces }, vmd: { enabled: true, url: s.sandboxes.vmd } },
    connectors: {
      [`inbox-papinet-${s.run}`]: { type: 'inbound.folder', path: 'inbox/papinet', topic: T.inbound, stableWindow: '300ms' },
      [`inbox-papinet-raw-${s.run}`]: { type: 'inbound.folder', path: 'inbox/papinet-raw', topic: T.inbound, maxFileSize: '100MB', requireUtf8: false, stableWindow: '300ms' },
      [`buyers-outbox-${s.run}`]: {
        type: 'outbound.folder',
        path: 'outbox/buyers',
        fileName: '{key}{ext}',
        routes: [
          { topic: T.outbound, header: 'edi-receiver-id', equals: RECEIVER, to: RECEIVER },
          { topic: T.outbound, to: 'other-receivers' },
        ],
      },
      ...(s.sandboxes !== undefined && s.statementFlow !== undefined ? s.statementFlow(T, s.run) : {}),
    },
    transformers: {
      [`papinet-transform-${s.run}`]: { type: 'transformer.papinet', input: [T.inbound], output: T.valid },
      [`eudr-references-${s.run}`]: {
        type: 'transformer.eudr-references',
        input: [T.valid],
        output: T.outbound,
        requests: T.requested,
        receipts: T.receipts,
        rejections: [T.eudrDlq],
        dlq: T.dlq,
        maxWait: s.maxWait ?? '10m',
        sweepInterval: '1s',
        clients: {
          [SUPPLIER]: {
            name: 'SIA "Vidzemes Meža Resursi"',
            country: 'LV',
            address: { street: 'Rīgas iela 40', postalCode: 'LV-4101', city: 'Cēsis' },
            email: 'eudr@vmr.example.lv',
            identifiers: [{ type: 'vat', value: SUPPLIER }],
          },
        },
      },
    },
  };
  const file = join(s.dir, 'broker.yaml');
  writeFileSync(file, toYaml(config));
  return { config: file, dataDir, inbox: join(dataDir, 'inbox', 'papinet'), rawInbox: join(dataDir, 'inbox', 'papinet-raw'), outbox: join(dataDir, 'outbox', 'buyers') };
}

/** Drops a file the way a sawmill's share does: written under a dot-name, then renamed. */
export function drop(inbox: string, name: string, content: Buffer): void {
  mkdirSync(inbox, { recursive: true });
  const tmp = join(inbox, `.${name}.tmp`);
  writeFileSync(tmp, content);
  renameSync(tmp, join(inbox, name));
}

/** The tracking API's events for a message found by edi-id, key or original file name. */
export async function trackingOf(brokerUrl: string, query: string): Promise<TrackingEvent[]> {
  const res = await fetch(`${brokerUrl}/v1/messages/${encodeURIComponent(query)}`);
  if (res.status === 404) return [];
  const body = (await res.json()) as { events?: TrackingEvent[]; matches?: Array<{ events: TrackingEvent[] }> };
  return body.events ?? (body.matches ?? []).flatMap((m) => m.events);
}

export async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Files delivered under the buyers' outbox (relative paths), dot-files (in progress) excluded. */
export function delivered(outbox: string): string[] {
  if (!existsSync(outbox)) return [];
  const out: string[] = [];
  for (const sub of readdirSync(outbox, { withFileTypes: true })) {
    if (!sub.isDirectory()) continue;
    for (const f of readdirSync(join(outbox, sub.name))) if (!f.startsWith('.')) out.push(join(sub.name, f));
  }
  return out.sort();
}

/** Files refused by a folder inbox, with their NAME.error.json reports. */
export function refused(inbox: string): Map<string, { code: string; message: string }> {
  const dir = join(inbox, 'error');
  const out = new Map<string, { code: string; message: string }>();
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.error.json')) continue;
    out.set(f.slice(0, -'.error.json'.length), JSON.parse(readFileSync(join(dir, f), 'utf8')) as { code: string; message: string });
  }
  return out;
}

export interface LedgerStatement {
  uuid: string;
  internalReferenceNumber: string;
  status: string;
  referenceNumber: string | null;
  verificationNumber: string | null;
  operator: { username: string; name: string; role: string; onBehalfOf: string | null };
  producers: number;
}

export async function tracesLedger(url: string): Promise<LedgerStatement[]> {
  const res = await fetch(`${url}/_sandbox/ledger?limit=10000`);
  return ((await res.json()) as { statements: LedgerStatement[] }).statements;
}

/** Every record of a topic: the embedded log of a stopped broker, or the shared Kafka. */
export async function readTopic(where: { dataDir: string } | { kafka: string }, topic: string): Promise<BusRecord[]> {
  if ('dataDir' in where) return recordsIn(where.dataDir, topic);
  const { createKafkaBus } = await import('../../../topics/kafka/index.js');
  const bus = await createKafkaBus({ brokers: where.kafka.split(','), clientId: `eudr-e2e-reader-${process.pid}`, log: pino({ level: 'warn' }) });
  try {
    const out: BusRecord[] = [];
    for await (const r of bus.scan(topic)) out.push(r);
    return out;
  } finally {
    await bus.close();
  }
}
