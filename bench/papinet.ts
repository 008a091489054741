// papiNet benchmark: documents per second on the same fixture documents (the four valid
// Latvian fixtures, cycled), measured one after another in one run:
//   1. bare validator   — libxml2-wasm parse (hardened parseXml) + the compiled XsdValidator;
//   2. pure step        — transformPapinet: parse, classify, validate, summarise, output record;
//   3. (to come) the whole intake → papinet.valid pipeline on the bus: add a scenario below.
//   npm run bench:papinet          BENCH_DOCS=20000 npm run bench:papinet
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { projectPapinetSchemas } from '../schemas/papinet/index.js';
import { parseXml } from '../schemas/xml/parse.js';
import { intakeRecord } from '../topics/record.js';
import { transformPapinet } from '../transformers/papinet/transform.js';

const DOCS = Number(process.env.BENCH_DOCS ?? 5_000);
const WARM_UP = Math.min(500, DOCS);
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
  run: (docs: readonly BenchDocument[], n: number) => Promise<void>;
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

/** The columns of one run. The intake → valid pipeline scenario goes here, after these two. */
export const scenarios: PapinetScenario[] = [bareValidator, pureStep];

interface Row {
  scenario: string;
  docsPerSecond: number;
  mbPerSecond: number;
  msPerDoc: number;
  what: string;
}

export async function runScenarios(list: readonly PapinetScenario[], docs: readonly BenchDocument[], n: number): Promise<Row[]> {
  const rows: Row[] = [];
  const avgBytes = docs.reduce((s, d) => s + d.bytes.length, 0) / docs.length;
  for (const s of list) {
    await s.setup?.();
    try {
      await s.run(docs, WARM_UP);
      const started = performance.now();
      await s.run(docs, n);
      const seconds = (performance.now() - started) / 1000;
      rows.push({ scenario: s.name, docsPerSecond: n / seconds, mbPerSecond: (n * avgBytes) / seconds / 2 ** 20, msPerDoc: (seconds * 1000) / n, what: s.what });
    } finally {
      await s.teardown?.();
    }
  }
  return rows;
}

export function printTable(rows: readonly Row[], docs: readonly BenchDocument[], n: number): void {
  const cpu = os.cpus();
  const avgKb = docs.reduce((s, d) => s + d.bytes.length, 0) / docs.length / 1024;
  console.log(`\npapiNet benchmark — ${n.toLocaleString('en-US')} documents per scenario (after ${WARM_UP} warm-up), cycling ${docs.length} fixtures of ${avgKb.toFixed(1)} KB on average, one at a time on one thread`);
  console.log(`machine: ${cpu.length} cores, ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, ${os.platform()} ${os.release()}`);
  console.log(`command: ${process.env.npm_lifecycle_event ? `npm run ${process.env.npm_lifecycle_event}` : `node ${process.argv.slice(1).join(' ')}`}${process.env.BENCH_DOCS ? ` (BENCH_DOCS=${process.env.BENCH_DOCS})` : ''}\n`);
  const header = ['scenario', 'docs/s', 'MB/s', 'ms/doc', 'what'];
  const table = rows.map((r) => [r.scenario, r.docsPerSecond.toFixed(0), r.mbPerSecond.toFixed(1), r.msPerDoc.toFixed(3), r.what]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => (i === 0 || i === 4 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 || i === 4 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const row of table) console.log(line(row));
}

async function main(): Promise<void> {
  const rows = await runScenarios(scenarios, documents, DOCS);
  printTable(rows, documents, DOCS);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
