// papiNet benchmark: documents per second on the same fixture documents (the four valid
// Latvian fixtures, cycled), measured one after another in one run:
//   1. bare validator   — libxml2-wasm parse (hardened parseXml) + the compiled XsdValidator;
//   2. pure step        — transformPapinet: parse, classify, validate, summarise, output record;
//   3. pipeline         — a real embedded bus in a temp dir with transformer.papinet started:
//      documents handed to intake() (as the inbox connectors do, 100 per call) on
//      papinet.inbound, timed until all of them are on papinet.valid;
//   4. pipeline, backlog — the same documents put on papinet.inbound first, untimed: the
//      transformer and the bus alone, timed from its start until all are on papinet.valid;
// the same three for a few large documents (the first line item repeated), and a 60 MB document
// refused into papinet.dlq, with the process's RSS.
//   npm run bench:papinet      BENCH_DOCS=20000 BENCH_LARGE=3 BENCH_LARGE_MB=10 npm run bench:papinet
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { intake } from '../connectors/sdk/intake.js';
import { createTestBench, type TestBench } from '../connectors/sdk/test-kit.js';
import { projectPapinetSchemas } from '../schemas/papinet/index.js';
import { parseXml } from '../schemas/xml/parse.js';
import { largeDeliveryMessage } from '../test/fixtures/papinet/large-document.js';
import type { Component } from '../topics/component.js';
import { H } from '../topics/headers.js';
import { intakeRecord } from '../topics/record.js';
import { papinetTransformer } from '../transformers/papinet/component.js';
import { papinetTransformerConfig } from '../transformers/papinet/spec.js';
import { transformPapinet } from '../transformers/papinet/transform.js';

const DOCS = Number(process.env.BENCH_DOCS ?? 10_000);
const LARGE = Number(process.env.BENCH_LARGE ?? 3);
const LARGE_MB = Number(process.env.BENCH_LARGE_MB ?? 10);
const REFUSED_MB = 60;
/** The 80% target: intake → papinet.valid at no less than this share of the bare validator's documents/s. */
const TARGET = 0.8;
const INTAKE_BATCH = 100;
const FIXTURES = ['DeliveryMessageWood-original.xml', 'DeliveryMessageWood-with-eudr.xml', 'DeliveryInstruction-original.xml', 'MeasuringTicket-original.xml'];

export interface BenchDocument {
  name: string;
  bytes: Buffer;
}

/** One column of the table: handles `n` documents (cycling through `docs`) and resolves when done. */
export interface PapinetScenario {
  name: string;
  what: string;
  setup?: () => Promise<void>;
  /** Resolves with the seconds it measured itself (part of its work untimed), or nothing: the whole call is timed. */
  run: (docs: readonly BenchDocument[], n: number) => Promise<number | void>;
  teardown?: () => Promise<void>;
}

export const documents: BenchDocument[] = FIXTURES.map((name) => ({ name, bytes: readFileSync(new URL(`../test/fixtures/papinet/${name}`, import.meta.url)) }));

const schemas = projectPapinetSchemas();

const bareValidator: PapinetScenario = {
  name: 'bare validator',
  what: 'parseXml (libxml2-wasm, hardened) + XsdValidator.validate',
  async run(docs, n) {
    for (let i = 0; i < n; i++) {
      const d = docs[i % docs.length]!;
      const doc = parseXml(d.bytes);
      try {
        const kind = schemas.kindOfRoot(doc.root.name)!;
        if (schemas.get(kind).set.validate(doc).length > 0) throw new Error(`${d.name} does not validate`);
      } finally {
        doc.dispose();
      }
    }
  },
};

const pureStep: PapinetScenario = {
  name: 'pure step',
  what: 'transformPapinet: parse, classify, validate, summary, output record',
  async run(docs, n) {
    const records = docs.map((d) => intakeRecord({ topic: 'papinet.inbound', key: d.name, value: d.bytes, source: `bench:${d.name}`, contentType: 'application/xml' }));
    for (let i = 0; i < n; i++) {
      const r = transformPapinet(records[i % records.length]!);
      if (!r.ok) throw r.error;
    }
  },
};

/** Records on a topic, from the partitions' offsets (no scan of the values). */
async function count(bench: TestBench, topic: string): Promise<number> {
  const [info] = await bench.bus.describeTopics([topic]);
  return (info?.partitions ?? []).reduce((sum, p) => sum + Number(BigInt(p.endOffset) - BigInt(p.startOffset)), 0);
}

async function until(bench: TestBench, topic: string, n: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await count(bench, topic)) < n) {
    if (Date.now() > deadline) throw new Error(`timed out: ${await count(bench, topic)} of ${n} records on ${topic}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * The whole intake → papinet.valid path on a real embedded bus (temp dir), transformer.papinet
 * started. From a backlog: the documents are on papinet.inbound first (untimed) and the
 * transformer is timed alone, bus included (consume, produce, commit).
 */
function pipeline(mode: 'intake' | 'backlog' = 'intake'): PapinetScenario & { bench(): TestBench } {
  let bench: TestBench | undefined;
  let component: Component | undefined;
  let sent = 0;
  const startComponent = async (): Promise<void> => {
    component = await papinetTransformer.create(papinetTransformerConfig.parse({}), await bench!.context('transformer.papinet'));
    await component.start();
  };
  return {
    name: mode === 'intake' ? 'pipeline' : 'pipeline, backlog',
    what:
      mode === 'intake'
        ? `intake() ${INTAKE_BATCH}/call → papinet.inbound → transformer.papinet → papinet.valid (embedded bus, fsync)`
        : 'the same, documents already on papinet.inbound: transformer.papinet and the bus alone',
    bench: () => bench!,
    async setup() {
      bench = await createTestBench();
      await startComponent();
    },
    async run(docs, n) {
      const b = bench!;
      const ctx = await b.context('bench-inbox');
      const target = (await count(b, 'papinet.valid')) + n;
      if (mode === 'backlog') {
        await component!.stop();
        component = undefined;
      }
      for (let i = 0; i < n; i += INTAKE_BATCH) {
        const items = [];
        for (let k = i; k < Math.min(n, i + INTAKE_BATCH); k++) {
          const d = docs[k % docs.length]!;
          items.push({ topic: 'papinet.inbound', key: `${d.name}#${sent++}`, value: d.bytes, source: `bench-inbox:${d.name}`, contentType: 'application/xml' });
        }
        await intake(ctx, items);
      }
      const started = performance.now();
      if (mode === 'backlog') await startComponent();
      await until(b, 'papinet.valid', target, 30 * 60_000);
      if ((await count(b, 'papinet.dlq')) > 0) throw new Error('a bench document went to papinet.dlq');
      if (mode === 'backlog') return (performance.now() - started) / 1000;
    },
    async teardown() {
      await component?.stop();
      await bench?.close();
    },
  };
}

/** The columns of one run, on the same documents. */
export const scenarios = (): PapinetScenario[] => [bareValidator, pureStep, pipeline('intake'), pipeline('backlog')];

export interface Row {
  set: string;
  scenario: string;
  docs: number;
  docsPerSecond: number;
  mbPerSecond: number;
  msPerDoc: number;
  what: string;
}

export async function runScenarios(set: string, list: readonly PapinetScenario[], docs: readonly BenchDocument[], n: number, warmUp: number): Promise<Row[]> {
  const rows: Row[] = [];
  const avgBytes = docs.reduce((s, d) => s + d.bytes.length, 0) / docs.length;
  for (const s of list) {
    await s.setup?.();
    try {
      if (warmUp > 0) await s.run(docs, warmUp);
      const started = performance.now();
      const measured = await s.run(docs, n);
      const seconds = typeof measured === 'number' ? measured : (performance.now() - started) / 1000;
      rows.push({ set, scenario: s.name, docs: n, docsPerSecond: n / seconds, mbPerSecond: (n * avgBytes) / seconds / 2 ** 20, msPerDoc: (seconds * 1000) / n, what: s.what });
    } finally {
      await s.teardown?.();
    }
  }
  return rows;
}

interface Refusal {
  mb: number;
  ms: number;
  code: string;
  rssBeforeMb: number;
  rssAfterMb: number;
  maxRssMb: number;
}

/** A 60 MB document on papinet.inbound: refused before parsing, into papinet.dlq, the process alive. */
async function refuseHuge(): Promise<Refusal> {
  const p = pipeline();
  await p.setup!();
  try {
    const bench = p.bench();
    const huge = largeDeliveryMessage(REFUSED_MB * 2 ** 20);
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    await intake(await bench.context('bench-inbox'), [{ topic: 'papinet.inbound', key: 'huge.xml', value: huge, source: 'bench-inbox:huge.xml', contentType: 'application/xml' }]);
    await until(bench, 'papinet.dlq', 1, 10 * 60_000);
    const ms = performance.now() - started;
    let code = '?';
    for await (const r of bench.bus.scan('papinet.dlq')) code = r.headers[H.errorCode] ?? '?';
    return { mb: huge.length / 2 ** 20, ms, code, rssBeforeMb: rssBefore / 2 ** 20, rssAfterMb: process.memoryUsage().rss / 2 ** 20, maxRssMb: process.resourceUsage().maxRSS / 1024 };
  } finally {
    await p.teardown!();
  }
}

function command(): string {
  const env = ['BENCH_DOCS', 'BENCH_LARGE', 'BENCH_LARGE_MB'].filter((k) => process.env[k] !== undefined).map((k) => `${k}=${process.env[k]}`);
  const cmd = process.env.npm_lifecycle_event ? `npm run ${process.env.npm_lifecycle_event}` : `node ${process.execArgv.join(' ')} ${process.argv.slice(1).join(' ')}`;
  return [...env, cmd].join(' ');
}

export function printTable(rows: readonly Row[], refusal: Refusal, loadBefore: number[]): void {
  const cpu = os.cpus();
  console.log(`\npapiNet benchmark — small: the 4 valid Latvian fixtures cycled (${(documents.reduce((s, d) => s + d.bytes.length, 0) / documents.length / 1024).toFixed(1)} KB on average); large: a DeliveryMessageWood of ${LARGE_MB} MB; one document at a time on one thread, after a warm-up`);
  console.log(`machine: ${cpu.length} cores, ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, ${os.platform()} ${os.release()}`);
  console.log(`load average (1/5/15 min): before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`command: ${command()}\n`);
  const header = ['documents', 'scenario', 'docs', 'docs/s', 'MB/s', 'ms/doc', 'vs bare', 'what'];
  const bare = new Map(rows.filter((r) => r.scenario === 'bare validator').map((r) => [r.set, r.docsPerSecond]));
  const table = rows.map((r) => [r.set, r.scenario, String(r.docs), r.docsPerSecond.toFixed(r.docsPerSecond < 10 ? 2 : 0), r.mbPerSecond.toFixed(1), r.msPerDoc.toFixed(3), `${((r.docsPerSecond / bare.get(r.set)!) * 100).toFixed(0)}%`, r.what]);
  const left = new Set([0, 1, 7]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => (left.has(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (left.has(i) ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const row of table) console.log(line(row));
  console.log('');
  for (const set of bare.keys()) {
    const pipe = rows.find((r) => r.set === set && r.scenario === 'pipeline');
    if (pipe === undefined) continue;
    const ratio = pipe.docsPerSecond / bare.get(set)!;
    console.log(`${set}: pipeline / bare validator = ${(ratio * 100).toFixed(0)}% (target ≥ ${TARGET * 100}%: ${ratio >= TARGET ? 'met' : 'NOT met'})`);
  }
  console.log(
    `refusal: a ${refusal.mb.toFixed(0)} MB document → papinet.dlq ${refusal.code} in ${refusal.ms.toFixed(0)} ms; RSS ${refusal.rssBeforeMb.toFixed(0)} MB before, ${refusal.rssAfterMb.toFixed(0)} MB after (peak of the whole run ${refusal.maxRssMb.toFixed(0)} MB); the process carried on`,
  );
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg();
  const rows = await runScenarios('small', scenarios(), documents, DOCS, Math.min(500, DOCS));
  if (LARGE > 0) {
    const large = [{ name: `DeliveryMessageWood-${LARGE_MB}MB.xml`, bytes: largeDeliveryMessage(LARGE_MB * 2 ** 20) }];
    rows.push(...(await runScenarios(`large ${LARGE_MB} MB`, scenarios(), large, LARGE, 1)));
  }
  const refusal = await refuseHuge();
  printTable(rows, refusal, loadBefore);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
