// The pieces of the tobacco end-to-end runs, each a real process or server: the router sandbox
// as its own process (`edi sandbox tobacco`, ledger in SQLite, so it outlives a killed broker),
// the broker (`node bin/edi.js start` with a test config), a real schema registry, and an ERP
// producer writing the Confluent wire format straight onto the bus, as an ERP's Kafka producer
// does (no edi-* headers).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify as toYaml } from 'yaml';
import type { Bus } from '../../../topics/bus.js';
import type { MessageType } from '../../../schemas/tobacco/index.js';
import { formatEventTime } from '../../../schemas/tobacco/index.js';
import { HttpSchemaRegistry } from '../../../schemas/avro/registry-http.js';
import { tobaccoEventSchemaOf } from '../../../transformers/tobacco/event-schemas.js';
import { validMessage } from '../../fixtures/tobacco/messages.js';
import { erpConfluent, erpSchemaText } from '../../fixtures/tobacco/erp-events.js';
import { spawnEdi, stop, waitForLine, type Proc } from '../../support/edi-process.js';

export { stop, type Proc };

export const EO1 = 'SBXEO0000001';
export const EO2 = 'SBXEO0000002';
export const FACTORY = 'SBXF00000001';
export const WAREHOUSE = 'SBXF00000002';
export const unitUi = (n: number): string => `SBXU${String(n).padStart(9, '0')}`;


/** `edi sandbox tobacco` as its own process; its ledger lives in `dataDir`. */
export async function startSandboxProcess(dir: string, options: Record<string, unknown>): Promise<{ proc: Proc; url: string }> {
  const config = join(dir, 'sandbox.yaml');
  writeFileSync(config, toYaml({ dataDir: join(dir, 'sandbox-data'), sandboxes: { tobacco: { enabled: true, ...options } } }));
  const proc = spawnEdi(['-c', config, 'sandbox', 'tobacco', '--port', '0', '--data-dir', join(dir, 'sandbox-data')], join(dir, 'sandbox.log'));
  const url = await waitForLine(proc, (l) => (l.startsWith('{') && l.includes('"sandbox":"tobacco"') ? (JSON.parse(l) as { url: string }).url : undefined), 'sandbox start');
  return { proc, url };
}

export interface BrokerSetup {
  dir: string;
  sandboxUrl: string;
  registryUrl: string;
  /** Extra top-level config (bus, topics); component overrides below. */
  extra?: Record<string, unknown>;
  transformer?: Record<string, unknown>;
  router?: Record<string, unknown>;
  ids?: { transformer: string; router: string };
}

export function writeBrokerConfig(s: BrokerSetup): string {
  const ids = s.ids ?? { transformer: 'tobacco-transform', router: 'tobacco-router' };
  const config = {
    dataDir: join(s.dir, 'data'),
    http: { host: '127.0.0.1', port: 0 },
    log: { level: 'info' },
    shutdownTimeout: '5s',
    bus: { kind: 'embedded', embedded: { sessionTimeout: '3s' } },
    ...s.extra,
    sandboxes: { tobacco: { enabled: true, url: s.sandboxUrl } },
    transformers: { [ids.transformer]: { type: 'transformer.tobacco', schemaRegistry: { url: s.registryUrl }, ...s.transformer } },
    connectors: {
      [ids.router]: {
        type: 'outbound.tobacco-router',
        environment: 'sandbox',
        tokenUrl: '${sandbox:tobacco}/token',
        messageUrl: '${sandbox:tobacco}/v1',
        clientId: 'edi-sandbox-client',
        clientSecret: '${env:EDI_TOBACCO_CLIENT_SECRET:-edi-sandbox-secret}',
        retry: { initialDelay: '100ms', maxDelay: '2s', maxAttempts: 30 },
        ...s.router,
      },
    },
  };
  const file = join(s.dir, 'broker.yaml');
  writeFileSync(file, toYaml(config));
  return file;
}

/** `node bin/edi.js start`; resolves once the broker logged that it started. */
export async function startBrokerProcess(configFile: string, logFile: string, env: NodeJS.ProcessEnv = {}): Promise<Proc> {
  const proc = spawnEdi(['-c', configFile, 'start'], logFile, env);
  await waitForLine(proc, (l) => (l.includes('"msg":"broker started"') && l.includes(`"pid":${proc.child.pid}`) ? true : undefined), 'broker start', 90_000);
  return proc;
}

export function runEdi(args: string[], logFile: string): Promise<{ code: number | null; output: string }> {
  const proc = spawnEdi(args, logFile);
  return proc.exited.then((code) => ({ code, output: readFileSync(logFile, 'utf8') }));
}

export interface LedgerEntry {
  seq: number;
  Code: string;
  Message_Type: string;
  EO_ID: string;
  status: number;
  recalledBy: string | null;
  message: Record<string, unknown>;
}

export async function readLedger(url: string, query = ''): Promise<LedgerEntry[]> {
  const res = await fetch(`${url}/_sandbox/ledger?limit=100000${query}`);
  return ((await res.json()) as { messages: LedgerEntry[] }).messages;
}

export const CHAIN: readonly MessageType[] = ['EDP', 'ERP', 'EIV', 'EPR'];

/** One link of the chain for some UIs: a dispatch to the own warehouse, its arrival, the sale, the payment. */
export function chainMessage(type: MessageType, uis: string[], now: Date, n: number): Record<string, unknown> {
  const ids = { EO_ID: EO1, F_ID: FACTORY, EO_ID2: EO1, F_ID2: WAREHOUSE, M_ID: 'SBXM00000001', upUIs: uis, aUIs: [], now };
  const m = validMessage(type, ids);
  m.upUIs = uis;
  if (type === 'EIV') Object.assign(m, { Invoice_Number: `INV-E2E-${n}`, Invoice_Buyer2: EO2, Product_Items_2: [uis.length], Invoice_Net: 4.2 * uis.length });
  if (type === 'EPR') Object.assign(m, { Payment_Payer2: EO2, Invoice_Paid: `INV-E2E-${n}`, Payment_Amount: 4.2 * uis.length });
  return m;
}

/** Registers the chain's event schemas (one subject per record type: TopicRecordNameStrategy). */
export async function registerChainSchemas(registryUrl: string, topic: string, types: readonly MessageType[] = CHAIN): Promise<Map<MessageType, number>> {
  const registry = new HttpSchemaRegistry({ url: registryUrl });
  const ids = new Map<MessageType, number>();
  for (const t of types) ids.set(t, await registry.register(`${topic}-${tobaccoEventSchemaOf(t).schema.fullName}`, erpSchemaText(t)));
  return ids;
}

/**
 * The ERP: the chain for `uiCount` UIs (`perMessage` UIs per event), in rounds — every
 * dispatch of a round, then their arrivals, invoices, payments — straight onto `topic`,
 * keyed by EO_ID, without edi-* headers. Calls `afterRound` between rounds.
 */
export async function produceChain(
  bus: Bus,
  topic: string,
  schemaIds: Map<MessageType, number>,
  opts: { uiCount: number; perMessage: number; round: number; now: Date; afterRound?: (produced: number) => Promise<void> },
): Promise<number> {
  let produced = 0;
  const groups: string[][] = [];
  for (let i = 1; i <= opts.uiCount; i += opts.perMessage) groups.push(Array.from({ length: Math.min(opts.perMessage, opts.uiCount - i + 1) }, (_, k) => unitUi(i + k)));
  for (let start = 0; start < groups.length; start += opts.round) {
    const round = groups.slice(start, start + opts.round);
    for (const type of CHAIN) {
      const records = round.map((uis, k) => ({ topic, key: EO1, value: erpConfluent(type, chainMessage(type, uis, opts.now, start + k), schemaIds.get(type)!), headers: {} }));
      await bus.produce(records);
      produced += records.length;
    }
    await opts.afterRound?.(produced);
  }
  return produced;
}

/** Every chain link in the ledger exactly once: [Message_Type, first UI] → how many times. */
export function chainCounts(entries: LedgerEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of entries) {
    if (!CHAIN.includes(e.Message_Type as MessageType)) continue;
    const uis = (e.message.upUIs as string[] | undefined) ?? [];
    const k = `${e.Message_Type}:${uis[0]}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

export const eventTimeOf = (d: Date): string => formatEventTime(d);
