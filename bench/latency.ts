// Latency benchmark: file drop → authority sandbox, end to end through a real broker process
// (`node bin/edi.js -c <config> start`, embedded bus, EDI_DATA_DIR in a temp directory) and the
// sandboxes as their own processes (`edi sandbox eds`, `edi sandbox tobacco`). Files are written
// atomically (to a dot-name, ignored by the inbox, then renamed: the drop instant is exact) into
// a folder inbox (inbound.folder: stableWindow BENCH_WINDOW_MS, trustMtime on, OS change events,
// not polling) at BENCH_RATE files/s for BENCH_SECONDS s, one flow after the other:
//   trips    one taxi trip (JSON) per file → transformer.eds → outbound.eds → EDS sandbox;
//   tobacco  one dispatch (EDP, a data-dictionary message in JSON) of one seeded UI per file →
//            transformer.tobacco → outbound.tobacco-router → router sandbox.
// Each ledger entry's receivedAt (the sandbox's clock = ours, same machine) is matched to its file
// (trips: driver and start time; tobacco: the UI). Target: p99 of (ledger time − drop time) ≤
// stable window + 250 ms. Afterwards the broker is stopped and its bus log read for where the
// time went, per stage: drop → inbound topic (folder intake) → transformer output → ledger
// (delivery) → receipt. A few files per flow go first as a warm-up (first token of each API
// client, first compilations) and are left out of the figures.
//   npm run bench:latency
//   BENCH_RATE=20 BENCH_SECONDS=30 BENCH_WINDOW_MS=1000 BENCH_FLOWS=trips,tobacco npm run bench:latency
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify as toYaml } from 'yaml';
import { H } from '../topics/headers.js';
import { recordsIn } from '../test/support/broker-process.js';
import { seedCredentials, seedDrivers, tripsAcross } from '../test/fixtures/eds/trips.js';
import { readLedger as readEdsLedger, startBrokerProcess, startEdsSandboxProcess, stop, tripKey, type Proc } from '../test/e2e/eds/harness.js';
import { chainMessage, readLedger as readTobaccoLedger, startSandboxProcess, unitUi } from '../test/e2e/tobacco/harness.js';

const RATE = Number(process.env.BENCH_RATE ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 1000);
const BUDGET_MS = 250;
const FILES = Math.round(RATE * SECONDS);
const FLOWS = (process.env.BENCH_FLOWS ?? 'trips,tobacco').split(',').map((f) => f.trim());
// Other inbox options to try, e.g. BENCH_FOLDER_OPTIONS='{"usePolling":true}' or '{"trustMtime":false}'.
const FOLDER_OPTIONS = JSON.parse(process.env.BENCH_FOLDER_OPTIONS ?? '{}') as Record<string, unknown>;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const quantile = (sorted: number[], q: number): number => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!);
const fmt = (n: number): string => (Number.isFinite(n) ? n.toFixed(0) : '–');

interface Stats {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

function stats(values: number[]): Stats {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: quantile(s, 0.5), p90: quantile(s, 0.9), p99: quantile(s, 0.99), max: s.at(-1) ?? NaN };
}

function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const left = (i: number): boolean => i === 0 || i === header.length - 1;
  const line = (cells: string[]): string => `| ${cells.map((c, i) => (left(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (left(i) ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

interface Drop {
  name: string;
  key: string;
  droppedAt: number;
  /** The file's modification time: where the inbox starts counting its stable window (trustMtime). */
  mtimeMs: number;
}

/** Writes a file atomically: a dot-name first (ignored by the inbox), then renamed into place. */
function dropFile(inbox: string, name: string, body: string): { droppedAt: number; mtimeMs: number } {
  const tmp = path.join(inbox, `.${name}.part`);
  writeFileSync(tmp, body);
  const { mtimeMs } = statSync(tmp);
  renameSync(tmp, path.join(inbox, name));
  return { droppedAt: Date.now(), mtimeMs };
}

/** One flow: its inbox, its files, its sandbox ledger and topics. */
interface Flow {
  name: string;
  label: string;
  inbox: string;
  topics: { inbound: string; middle: string; receipts: string };
  warmup: Array<{ key: string; body: string }>;
  measured: Array<{ key: string; body: string }>;
  /** Ledger entries as (key, received at ms). */
  ledger(): Promise<Map<string, number>>;
}

interface FlowResult {
  flow: Flow;
  drops: Drop[];
  dropSeconds: number;
  total: number[];
  received: Map<string, number>;
  stages?: Record<'intake' | 'late' | 'transform' | 'deliver' | 'receipt', number[]> & { slowest: string[][] };
}

async function untilLedger(flow: Flow, n: number, timeoutMs: number): Promise<Map<string, number>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const entries = await flow.ledger();
    if (entries.size >= n) return entries;
    if (Date.now() > deadline) throw new Error(`${flow.name}: the sandbox holds ${entries.size} of ${n} entries after ${timeoutMs} ms`);
    await sleep(200);
  }
}

async function runFlow(flow: Flow): Promise<FlowResult> {
  flow.warmup.forEach(({ body }, i) => dropFile(flow.inbox, `warmup-${String(i).padStart(3, '0')}.json`, body));
  await untilLedger(flow, flow.warmup.length, 60_000 + WINDOW_MS);
  await sleep(500);
  // Files at a steady pace: each at its own instant, not in bursts.
  const drops: Drop[] = [];
  const start = Date.now() + 100;
  for (let i = 0; i < flow.measured.length; i++) {
    const due = start + (i * 1000) / RATE;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    const name = `${flow.name}-${String(i).padStart(6, '0')}.json`;
    const { key, body } = flow.measured[i]!;
    drops.push({ name, key, ...dropFile(flow.inbox, name, body) });
  }
  const dropSeconds = (Date.now() - start) / 1000;
  const received = await untilLedger(flow, flow.warmup.length + flow.measured.length, 120_000 + WINDOW_MS);
  const missing = drops.filter((d) => !received.has(d.key));
  if (missing.length > 0) throw new Error(`${flow.name}: ${missing.length} files have no ledger entry, e.g. ${missing[0]!.name}`);
  return { flow, drops, dropSeconds, total: drops.map((d) => received.get(d.key)! - d.droppedAt), received };
}

function largestStage(late: number, transform: number, deliver: number): string {
  const parts: Array<[string, number]> = [['intake after the window', late], ['transformer', transform], ['delivery', deliver]];
  return parts.filter(([, v]) => Number.isFinite(v)).sort((a, b) => b[1] - a[1])[0]?.[0] ?? '–';
}

/** Where the time went: append times of each file's records in the broker's log (the broker stopped). */
async function stagesOf(dataDir: string, r: FlowResult): Promise<NonNullable<FlowResult['stages']>> {
  const t = r.flow.topics;
  const inbound = new Map<string, { id: string; at: number }>();
  for (const rec of await recordsIn(dataDir, t.inbound)) if (rec.key !== null) inbound.set(rec.key, { id: rec.headers[H.id] ?? '', at: rec.timestamp });
  const byId = async (topic: string): Promise<Map<string, number>> => {
    const m = new Map<string, number>();
    for (const rec of await recordsIn(dataDir, topic)) m.set(rec.headers[H.id] ?? '', rec.timestamp);
    return m;
  };
  const middle = await byId(t.middle);
  const receipts = await byId(t.receipts);
  const stage = { intake: [] as number[], late: [] as number[], transform: [] as number[], deliver: [] as number[], receipt: [] as number[], slowest: [] as string[][] };
  const firstDrop = r.drops[0]?.droppedAt ?? 0;
  const perFile: Array<{ total: number; row: string[] }> = [];
  for (const d of r.drops) {
    const rec = inbound.get(d.name);
    if (rec === undefined) continue;
    const l = r.received.get(d.key)!;
    stage.intake.push(rec.at - d.droppedAt);
    stage.late.push(rec.at - (d.mtimeMs + WINDOW_MS));
    const m = middle.get(rec.id);
    if (m !== undefined) {
      stage.transform.push(m - rec.at);
      stage.deliver.push(l - m);
    }
    const rc = receipts.get(rec.id);
    if (rc !== undefined) stage.receipt.push(rc - l);
    const ms = (n: number | undefined): string => (n === undefined ? '–' : n.toFixed(0));
    perFile.push({ total: l - d.droppedAt, row: [d.name, ((d.droppedAt - firstDrop) / 1000).toFixed(2), ms(l - d.droppedAt), ms(rec.at - d.droppedAt), ms(rec.at - (d.mtimeMs + WINDOW_MS)), ms(m === undefined ? undefined : m - rec.at), ms(m === undefined ? undefined : l - m), largestStage(rec.at - (d.mtimeMs + WINDOW_MS), m === undefined ? NaN : m - rec.at, m === undefined ? NaN : l - m)] });
  }
  stage.slowest = perFile.sort((a, b) => b.total - a.total).slice(0, 5).map((f) => f.row);
  return stage;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'edi-bench-latency-'));
  const dataDir = path.join(dir, 'data');
  const inboxes = { trips: path.join(dataDir, 'inbox', 'trips'), tobacco: path.join(dataDir, 'inbox', 'tobacco') };
  const procs: Proc[] = [];
  let broker: Proc | undefined;
  const loadBefore = os.loadavg();
  try {
    for (const d of ['eds', 'tobacco', 'data/inbox/trips', 'data/inbox/tobacco']) mkdirSync(path.join(dir, d), { recursive: true });
    const eds = await startEdsSandboxProcess(path.join(dir, 'eds'), {});
    procs.push(eds.proc);
    const tobacco = FLOWS.includes('tobacco') ? await startSandboxProcess(path.join(dir, 'tobacco'), {}) : undefined;
    if (tobacco) procs.push(tobacco.proc);
    const credentials = seedCredentials();
    const inbox = (p: string, topic: string): Record<string, unknown> => ({ type: 'inbound.folder', path: p, topic, stableWindow: `${WINDOW_MS}ms`, ...FOLDER_OPTIONS });
    const config = path.join(dir, 'broker.yaml');
    writeFileSync(
      config,
      toYaml({
        dataDir,
        http: { host: '127.0.0.1', port: 0 },
        log: { level: 'info' },
        shutdownTimeout: '10s',
        bus: { kind: 'embedded' },
        sandboxes: { eds: { enabled: true, url: eds.url }, ...(tobacco ? { tobacco: { enabled: true, url: tobacco.url } } : {}) },
        transformers: {
          'eds-transform': { type: 'transformer.eds', credentials },
          ...(tobacco ? { 'tobacco-transform': { type: 'transformer.tobacco' } } : {}),
        },
        connectors: {
          'inbox-trips': inbox(inboxes.trips, 'eds.trips.inbound'),
          'eds-delivery': { type: 'outbound.eds', environment: 'sandbox', baseUrl: '${sandbox:eds}', credentials },
          ...(tobacco
            ? {
                'inbox-tobacco': inbox(inboxes.tobacco, 'tobacco.events.inbound'),
                'tobacco-router': {
                  type: 'outbound.tobacco-router',
                  environment: 'sandbox',
                  tokenUrl: '${sandbox:tobacco}/token',
                  messageUrl: '${sandbox:tobacco}/v1',
                  clientId: 'edi-sandbox-client',
                  clientSecret: 'edi-sandbox-secret',
                },
              }
            : {}),
        },
      }),
    );
    broker = await startBrokerProcess(config, path.join(dir, 'broker.log'), { EDI_DATA_DIR: dataDir });

    const flows: Flow[] = [];
    if (FLOWS.includes('trips')) {
      const drivers = seedDrivers();
      const all = tripsAcross(drivers, drivers.length + FILES).map(({ trip }) => ({ key: tripKey(trip), body: JSON.stringify(trip) }));
      flows.push({
        name: 'trips',
        label: 'trips: folder → transformer.eds → outbound.eds → EDS sandbox',
        inbox: inboxes.trips,
        topics: { inbound: 'eds.trips.inbound', middle: 'eds.trips.valid', receipts: 'eds.trips.receipts' },
        warmup: all.slice(0, drivers.length),
        measured: all.slice(drivers.length),
        ledger: async () => new Map((await readEdsLedger(eds.url)).map((e) => [tripKey(e.carriage), Date.parse((e as unknown as { receivedAt: string }).receivedAt)])),
      });
    }
    if (tobacco) {
      // A dispatch (EDP) of one seeded unit UI per file, as a data-dictionary message in JSON: the
      // router sandbox knows 1,000 UIs, each can be dispatched once.
      const count = Math.min(1000, 5 + FILES);
      if (count < 5 + FILES) console.warn(`tobacco: only ${count - 5} files (the sandbox seeds 1,000 UIs)`);
      const all = Array.from({ length: count }, (_, i) => ({ key: unitUi(i + 1), body: JSON.stringify(chainMessage('EDP', [unitUi(i + 1)], new Date(), i)) }));
      flows.push({
        name: 'tobacco',
        label: 'tobacco: folder → transformer.tobacco → outbound.tobacco-router → router sandbox',
        inbox: inboxes.tobacco,
        topics: { inbound: 'tobacco.events.inbound', middle: 'tobacco.messages', receipts: 'tobacco.receipts' },
        warmup: all.slice(0, 5),
        measured: all.slice(5),
        ledger: async () => new Map((await readTobaccoLedger(tobacco.url)).map((e) => [((e.message.upUIs as string[] | undefined) ?? [])[0] ?? '', Date.parse((e as unknown as { receivedAt: string }).receivedAt)])),
      });
    }
    const results: FlowResult[] = [];
    for (const flow of flows) results.push(await runFlow(flow));
    const loadAfter = os.loadavg();
    await stop(broker);
    broker = undefined;
    for (const r of results) r.stages = await stagesOf(dataDir, r);

    const cpu = os.cpus();
    const target = WINDOW_MS + BUDGET_MS;
    console.log(`\nLatency benchmark — file drop → authority sandbox ledger, real broker process (edi start) on the embedded bus, sandboxes as their own processes`);
    console.log(`machine: ${cpu.length} cores, ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, ${os.platform()} ${os.release()}; load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`command: ${process.env.npm_lifecycle_event ? `npm run ${process.env.npm_lifecycle_event}` : `node ${process.argv.slice(1).join(' ')}`}${['BENCH_RATE', 'BENCH_SECONDS', 'BENCH_WINDOW_MS', 'BENCH_FLOWS', 'BENCH_FOLDER_OPTIONS'].filter((v) => process.env[v]).map((v) => ` ${v}=${v === 'BENCH_FOLDER_OPTIONS' ? `'${process.env[v]}'` : process.env[v]}`).join('')}`);
    console.log(`files at ${RATE}/s for ${SECONDS} s per flow, one flow after the other, each file written to a dot-name then renamed; warm-up files (first token, first compilations) not counted; inbox: stableWindow ${WINDOW_MS} ms, ${FOLDER_OPTIONS.trustMtime === false ? 'trustMtime off (window counted from when the inbox first saw the file)' : "trustMtime (window counted from the file's mtime)"}, ${FOLDER_OPTIONS.usePolling === true ? `polling every ${Math.max(100, Math.min(1000, WINDOW_MS / 2))} ms` : 'fs.watch events (not polling)'}, rescanInterval ${String(FOLDER_OPTIONS.rescanInterval ?? '30s')}${Object.keys(FOLDER_OPTIONS).length ? `; options ${JSON.stringify(FOLDER_OPTIONS)}` : ''}`);
    table(
      ['flow', 'files', 'window ms', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'target ms', 'verdict'],
      results.map((r) => {
        const t = stats(r.total);
        return [r.flow.label, String(t.n), String(WINDOW_MS), fmt(t.p50), fmt(t.p90), fmt(t.p99), fmt(t.max), `≤ ${target}`, t.p99 <= target ? 'met' : `MISSED by ${fmt(t.p99 - target)} ms`];
      }),
    );
    for (const r of results) {
      const t = r.flow.topics;
      console.log(`\n${r.flow.name}: where the time went (append times of each file's records in the bus log; ms)`);
      table(
        ['stage', 'n', 'p50', 'p90', 'p99', 'max', 'what'],
        [
          [`drop → ${t.inbound}`, r.stages!.intake, 'folder intake: stable window, detection, read, commit'],
          ['  of which after mtime + window', r.stages!.late, 'how late the inbox takes a file once its window has passed'],
          [`${t.inbound} → ${t.middle}`, r.stages!.transform, 'transformer (consumer wake-up, validation, produce)'],
          [`${t.middle} → ledger`, r.stages!.deliver, 'delivery (consumer wake-up, HTTP POST, sandbox insert)'],
          [`ledger → ${t.receipts}`, r.stages!.receipt, 'receipt + tracking + idempotency mark, after the sandbox answered'],
        ].map(([label, values, what]) => {
          const s = stats(values as number[]);
          return [label as string, String(s.n), fmt(s.p50), fmt(s.p90), fmt(s.p99), fmt(s.max), what as string];
        }),
      );
      console.log(`${r.flow.name}: the slowest files (stalls hitting several files at the same instant point at the whole process, not one stage)`);
      table(['file', 'dropped at s', 'total ms', 'intake ms', 'late ms', 'transform ms', 'deliver ms', 'largest share'], r.stages!.slowest);
    }
    console.log(`\ntarget: file drop → authority sandbox p99 ≤ stable window + ${BUDGET_MS} ms`);
  } catch (err) {
    if (broker) console.error(readFileSync(broker.log, 'utf8').slice(-3000));
    throw err;
  } finally {
    await stop(broker);
    for (const p of procs) await stop(p);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
