// Tobacco benchmark: ERP events validated and mapped to data-dictionary messages (the pure step,
// then transformer.tobacco on the bus), and messages delivered to the router sandbox over HTTP
// by outbound.tobacco-router (token, MD5, receipt + idempotency mark per message), on the
// embedded log and on Apache Kafka (KAFKA_BROKERS, or a Kafka started from test/kafka when
// Java and Maven are present). Events are Avro in the Confluent wire format against a real
// schema registry (Apicurio, test/support/schema-registry.ts) when Java is present, plain Avro
// named in edi-schema otherwise.
//   npm run bench:tobacco          BENCH_UIS=1000 BENCH_ORDERS=4000 npm run bench:tobacco
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Type } from 'avsc';
import pino from 'pino';
import type { Bus } from '../topics/bus.js';
import type { TopicSpec } from '../topics/catalogue.js';
import type { OutgoingRecord } from '../topics/record.js';
import { createEmbeddedBus } from '../topics/embedded/index.js';
import { createTestBench } from '../connectors/sdk/test-kit.js';
import { HttpSchemaRegistry } from '../schemas/avro/registry-http.js';
import type { MessageType } from '../schemas/tobacco/index.js';
import { tobaccoEventSchemaOf, tobaccoTransformer, tobaccoTransformerConfig, transformTobaccoEvent } from '../transformers/tobacco/index.js';
import { tobaccoRouter, tobaccoRouterConfig } from '../connectors/outbound/tobacco/index.js';
import { tobaccoSandbox, tobaccoSandboxOptions } from '../sandbox/tobacco/index.js';
import { erpAvro, erpConfluent, erpSchemaText } from '../test/fixtures/tobacco/erp-events.js';
import { validMessage } from '../test/fixtures/tobacco/messages.js';
import { CHAIN, chainMessage, EO1, unitUi } from '../test/e2e/tobacco/harness.js';
import { schemaRegistryAvailable, startSchemaRegistry } from '../test/support/schema-registry.js';

const UIS = Number(process.env.BENCH_UIS ?? 1000);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 4000);
const PURE = Number(process.env.BENCH_PURE ?? 40_000);
const OPERATORS = Array.from({ length: 8 }, (_, i) => ({ EO_ID: `BENCHEO0000${i + 1}`, facilities: [{ F_ID: `BENCHF0000${i + 1}`, machines: [] }] }));

interface Row {
  stage: string;
  backend: string;
  events: number;
  seconds: number;
  note: string;
}

type Encode = (type: MessageType, message: Record<string, unknown>) => { value: Buffer; headers: Record<string, string> };

/** The chain of UIS UIs (one UI per event) and ORDERS order numbers spread over 8 operators. */
function workload(): Array<{ type: MessageType; key: string; message: Record<string, unknown> }> {
  const now = new Date();
  const out: Array<{ type: MessageType; key: string; message: Record<string, unknown> }> = [];
  for (const type of CHAIN) for (let i = 1; i <= UIS; i++) out.push({ type, key: EO1, message: chainMessage(type, [unitUi(i)], now, i) });
  for (let i = 0; i < ORDERS; i++) {
    const eo = OPERATORS[i % OPERATORS.length]!.EO_ID;
    out.push({ type: 'EPO', key: eo, message: { ...validMessage('EPO', { EO_ID: eo, F_ID: 'F', EO_ID2: eo, F_ID2: 'F', M_ID: 'M', upUIs: [unitUi((i % UIS) + 1)], aUIs: [], now }), Order_Number: `PO-${i}` } });
  }
  return out;
}

function pureRow(encode: Encode, writers: Map<number, Type>, note: string): Row {
  const samples = workload().slice(0, 2000).map((w) => encode(w.type, w.message));
  for (let i = 0; i < 2000; i++) transformTobaccoEvent({ value: samples[i % samples.length]!.value, contentType: samples[0]!.headers['edi-content-type'], ediId: `warm${i}` }, { writerFor: (id) => writers.get(id) });
  const started = performance.now();
  for (let i = 0; i < PURE; i++) {
    const s = samples[i % samples.length]!;
    const r = transformTobaccoEvent({ value: s.value, contentType: s.headers['edi-content-type'], ...(s.headers['edi-schema'] ? { schema: s.headers['edi-schema'] } : {}), ediId: `01JBENCH${i}` }, { writerFor: (id) => writers.get(id) });
    if (!r.ok) throw r.error;
  }
  return { stage: 'validate + map (pure function)', backend: '—', events: PURE, seconds: (performance.now() - started) / 1000, note };
}

async function untilCount(bus: Bus, topic: string, n: number, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [info] = await bus.describeTopics([topic]);
    let count = (info?.partitions ?? []).reduce((s, p) => s + Number(p.endOffset) - Number(p.startOffset), 0);
    // End offsets are only a gate: on Kafka, transaction markers take offsets too, so the
    // records themselves are counted before the clock stops.
    if (count >= n) {
      count = 0;
      for await (const _ of bus.scan(topic)) count++;
      if (count >= n) return;
    }
    if (Date.now() > deadline) throw new Error(`${topic}: ${count} of ${n} records after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function pipelineRows(backend: string, bus: Bus, encode: Encode, registryUrl: string | undefined, dir: string): Promise<Row[]> {
  const run = `b${Date.now().toString(36)}`;
  const T = { inbound: `bench.tobacco.${run}.inbound`, messages: `bench.tobacco.${run}.messages`, receipts: `bench.tobacco.${run}.receipts`, dlq: `bench.tobacco.${run}.dlq` };
  const spec = (name: string, dlq?: string): TopicSpec => ({ name, description: 'bench', key: 'EO_ID', contentType: 'application/octet-stream', partitions: 3, cleanup: 'delete', retentionMs: 3_600_000, ...(dlq ? { dlq } : {}) });
  const extraTopics = [spec(T.inbound, T.dlq), spec(T.messages, T.dlq), spec(T.receipts), spec(T.dlq)];
  const bench = await createTestBench({ bus, extraTopics, dir: path.join(dir, run) });
  const sandboxDir = path.join(dir, `${run}-sandbox`);
  const sandbox = tobaccoSandbox.create(tobaccoSandboxOptions.parse({ operators: [{ EO_ID: EO1, facilities: [{ F_ID: 'SBXF00000001', machines: [] }, { F_ID: 'SBXF00000002', machines: [] }] }, { EO_ID: 'SBXEO0000002', facilities: [{ F_ID: 'SBXF00000003', machines: [] }] }, ...OPERATORS], uis: { unitCount: UIS, aggregatedCount: 0 } }), { dataDir: sandboxDir });
  await sandbox.start();
  const rows: Row[] = [];
  try {
    const work = workload();
    const records: OutgoingRecord[] = work.map((w) => ({ topic: T.inbound, key: w.key, ...encode(w.type, w.message) }));
    for (let i = 0; i < records.length; i += 500) await bus.produce(records.slice(i, i + 500));
    const transformer = await tobaccoTransformer.create(tobaccoTransformerConfig.parse({ input: [T.inbound], output: T.messages, ...(registryUrl ? { schemaRegistry: { url: registryUrl } } : {}) }), await bench.context(`bench-transform-${run}`));
    let started = performance.now();
    await transformer.start();
    await untilCount(bus, T.messages, records.length);
    rows.push({ stage: 'validate + map (transformer.tobacco)', backend, events: records.length, seconds: (performance.now() - started) / 1000, note: 'consume, transform, produce + tracking per batch' });
    await transformer.stop();
    const dlq = await bus.describeTopics([T.dlq]);
    if (Number(dlq[0]?.partitions[0]?.endOffset ?? 0) > 0) throw new Error('bench events went to the DLQ');

    const router = await tobaccoRouter.create(
      tobaccoRouterConfig.parse({ tokenUrl: `${sandbox.url}/token`, messageUrl: `${sandbox.url}/v1`, clientId: 'edi-sandbox-client', clientSecret: 'edi-sandbox-secret', topics: [T.messages], receiptsTopic: T.receipts, concurrency: 8, archive: { enabled: true } }),
      await bench.context(`bench-router-${run}`),
    );
    started = performance.now();
    await router.start();
    await untilCount(bus, T.receipts, records.length);
    rows.push({
      stage: 'delivered to the router sandbox (outbound.tobacco-router)',
      backend,
      events: records.length,
      seconds: (performance.now() - started) / 1000,
      note: `${UIS * CHAIN.length} chain messages of 1 EO_ID in order + ${ORDERS} EPO over 8 EO_IDs; HTTP to 127.0.0.1, archive on`,
    });
    await router.stop();
    const dlqAfter = await bus.describeTopics([T.dlq]);
    if (Number(dlqAfter[0]?.partitions[0]?.endOffset ?? 0) > 0) throw new Error('bench messages went to the DLQ');
  } finally {
    await sandbox.stop();
    await bench.http.close();
  }
  return rows;
}

async function kafkaBrokers(): Promise<{ brokers: string[]; stop?: () => Promise<void>; how: string } | undefined> {
  if (process.env.KAFKA_BROKERS) return { brokers: process.env.KAFKA_BROKERS.split(','), how: `KAFKA_BROKERS=${process.env.KAFKA_BROKERS}` };
  const { kafkaToolsAvailable, startKafka } = await import('../test/kafka/kafka.js');
  if (!kafkaToolsAvailable()) return undefined;
  const k = await startKafka();
  return { brokers: k.brokers, stop: () => k.stop(), how: 'started by test/kafka/kafka.js (KRaft, single node)' };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'edi-bench-tobacco-'));
  const rows: Row[] = [];
  let registry: Awaited<ReturnType<typeof startSchemaRegistry>> | undefined;
  let form: string;
  let encode: Encode;
  const writers = new Map<number, Type>();
  if (schemaRegistryAvailable()) {
    registry = await startSchemaRegistry();
    const client = new HttpSchemaRegistry({ url: registry.url });
    const ids = new Map<MessageType, number>();
    for (const t of ['EDP', 'ERP', 'EIV', 'EPR', 'EPO'] as const) {
      const id = await client.register(`bench-${t}`, erpSchemaText(t));
      ids.set(t, id);
      writers.set(id, tobaccoEventSchemaOf(t).schema.type);
    }
    encode = (type, message) => ({ value: erpConfluent(type, message, ids.get(type)!), headers: {} });
    form = `Avro, Confluent wire format, ${registry.product} (writer schemas cached after the first lookup)`;
  } else {
    encode = (type, message) => ({ value: erpAvro(type, message), headers: { 'edi-content-type': 'avro/binary', 'edi-schema': type, 'edi-id': `01JBENCH${Math.random()}` } });
    form = 'plain Avro named in edi-schema (no Java: no schema registry)';
  }
  try {
    rows.push(pureRow(encode, writers, registry ? 'Confluent wire format, writer schemas already resolved' : 'plain Avro'));
    const embedded = await createEmbeddedBus({ dir: path.join(dir, 'bus') });
    rows.push(...(await pipelineRows('embedded', embedded, encode, registry?.url, dir)));
    await embedded.close();

    const kafka = await kafkaBrokers();
    let kafkaNote = 'Kafka: skipped (no KAFKA_BROKERS, and Java/Maven not found)';
    if (kafka !== undefined) {
      kafkaNote = `Kafka: ${kafka.how}`;
      try {
        const { createKafkaBus } = await import('../topics/kafka/index.js');
        const bus = await createKafkaBus({ brokers: kafka.brokers, clientId: 'edi-bench-tobacco', log: pino({ level: 'warn' }) });
        rows.push(...(await pipelineRows('kafka', bus, encode, registry?.url, dir)));
        await bus.close();
      } finally {
        await kafka.stop?.();
      }
    }
    const cpu = os.cpus();
    const load = os.loadavg().map((l) => l.toFixed(1)).join(' ');
    console.log(`\nTobacco benchmark — ${UIS.toLocaleString('en-US')}-UI dispatch/arrival/invoice/payment chain + ${ORDERS.toLocaleString('en-US')} order numbers; events: ${form}`);
    console.log(`machine: ${cpu.length} cores, ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, ${os.platform()} ${os.release()}; load average at the end ${load}`);
    console.log(`command: ${process.env.npm_lifecycle_event ? `npm run ${process.env.npm_lifecycle_event}` : `node ${process.argv.slice(1).join(' ')}`}${process.env.BENCH_UIS || process.env.BENCH_ORDERS ? ` (BENCH_UIS=${UIS} BENCH_ORDERS=${ORDERS})` : ''}`);
    console.log(kafkaNote);
    const header = ['stage', 'bus', 'events', 'seconds', 'events/s', 'note'];
    const table = rows.map((r) => [r.stage, r.backend, r.events.toLocaleString('en-US'), r.seconds.toFixed(2), Math.round(r.events / r.seconds).toLocaleString('en-US'), r.note]);
    const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
    const numeric = new Set([2, 3, 4]);
    const line = (cells: string[]): string => `| ${cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
    console.log(line(header));
    console.log(`|${widths.map((w, i) => (numeric.has(i) ? `${'-'.repeat(w + 1)}:` : `:${'-'.repeat(w + 1)}`)).join('|')}|`);
    for (const row of table) console.log(line(row));
  } finally {
    await registry?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
