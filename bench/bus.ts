// Bus benchmark: produce and consume rates and produce latency for 1 KB records, on the
// embedded log and on Apache Kafka (KAFKA_BROKERS, or a Kafka started from test/kafka when Java
// and Maven are present), plus the Confluent client producing directly with the same settings
// so that the bus's overhead on Kafka shows as a percentage.
//   npm run bench:bus            BENCH_RECORDS=100000 npm run bench:bus
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Bus } from '../topics/bus.js';
import type { OutgoingRecord } from '../topics/record.js';
import { createEmbeddedBus } from '../topics/embedded/index.js';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 50_000);
const BATCH = 500;
const IN_FLIGHT = 4;
const LATENCY_SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? 2_000);
const VALUE = randomBytes(1024);

interface Row {
  backend: string;
  produce: number;
  consume?: number;
  p50?: number;
  p99?: number;
  note?: string;
}

const topicSpec = (name: string) => ({ name, description: 'bench', key: 'bench key', contentType: 'application/octet-stream', partitions: 3, cleanup: 'delete' as const, retentionMs: 3_600_000 });

function records(topic: string, from: number, n: number): OutgoingRecord[] {
  return Array.from({ length: n }, (_, i) => ({ topic, key: `key-${(from + i) % 1000}`, value: VALUE, headers: { 'edi-id': `bench-${from + i}` } }));
}

/** Runs `total` items as `batch`-sized calls, `inFlight` at a time; returns items per second. */
async function rate(total: number, batch: number, inFlight: number, call: (from: number, n: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < total) {
      const from = next;
      const n = Math.min(batch, total - from);
      next += n;
      await call(from, n);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return total / ((performance.now() - started) / 1000);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function benchBus(label: string, bus: Bus): Promise<Row> {
  const topic = `bench.${label.replace(/[^a-zA-Z0-9]+/g, "-")}.${Date.now()}`;
  await bus.ensureTopics([topicSpec(topic)]);
  // Warm-up: connections, metadata, first allocations.
  await bus.produce(records(topic, 0, 100));
  const produce = await rate(RECORDS, BATCH, IN_FLIGHT, (from, n) => bus.produce(records(topic, from, n)));

  const latencies: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const t = performance.now();
    await bus.produce(records(topic, i, 1));
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);

  const expected = 100 + RECORDS + LATENCY_SAMPLES;
  let seen = 0;
  const started = performance.now();
  let done!: () => void;
  const all = new Promise<void>((r) => (done = r));
  const sub = await bus.subscribe({
    group: `${topic}.consumer`,
    topics: [topic],
    handler: async (b) => {
      seen += b.records.length;
      if (seen >= expected) done();
    },
  });
  await all;
  const consume = expected / ((performance.now() - started) / 1000);
  await sub.close();
  return { backend: label, produce, consume, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** The Confluent client on its own: same settings as the bus's producer, one send() per batch. */
async function benchRawKafka(brokers: string[]): Promise<Row> {
  const { loadKafkaClient } = await import('../topics/kafka/load-client.js');
  const client = await loadKafkaClient();
  const kafka = new client.KafkaJS.Kafka({ kafkaJS: { brokers, logLevel: client.KafkaJS.logLevel.ERROR } });
  const admin = kafka.admin();
  await admin.connect();
  const topic = `bench.raw.${Date.now()}`;
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] });
  const producer = kafka.producer({ kafkaJS: { idempotent: true, acks: -1 }, 'linger.ms': 5, 'compression.type': 'lz4' });
  await producer.connect();
  const messages = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ key: `key-${(from + i) % 1000}`, value: VALUE, headers: { 'edi-id': `bench-${from + i}` } }));
  await producer.send({ topic, messages: messages(0, 100) });
  const produce = await rate(RECORDS, BATCH, IN_FLIGHT, (from, n) => producer.send({ topic, messages: messages(from, n) }));
  await producer.disconnect();
  await admin.disconnect();
  return { backend: 'kafka: raw client', produce, note: 'one send() per 500 records' };
}

async function kafkaBrokers(): Promise<{ brokers: string[]; stop?: () => Promise<void>; how: string } | undefined> {
  if (process.env.KAFKA_BROKERS) return { brokers: process.env.KAFKA_BROKERS.split(','), how: `KAFKA_BROKERS=${process.env.KAFKA_BROKERS}` };
  const { kafkaToolsAvailable, startKafka } = await import('../test/kafka/kafka.js');
  if (!kafkaToolsAvailable()) return undefined;
  const k = await startKafka();
  return { brokers: k.brokers, stop: () => k.stop(), how: 'started by test/kafka/kafka.js (KRaft, single node)' };
}

const fmt = (n: number | undefined, digits = 0): string => (n === undefined ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

async function main(): Promise<void> {
  const rows: Row[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'edi-bench-'));
  try {
    const embedded = await createEmbeddedBus({ dir });
    rows.push({ ...(await benchBus('embedded', embedded)), note: 'SQLite, fsync per commit' });
    await embedded.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const kafka = await kafkaBrokers();
  let kafkaNote = 'Kafka: skipped (no KAFKA_BROKERS, and Java/Maven not found)';
  if (kafka !== undefined) {
    kafkaNote = `Kafka: ${kafka.how}`;
    try {
      const { createKafkaBus } = await import('../topics/kafka/index.js');
      const bus = await createKafkaBus({ brokers: kafka.brokers, clientId: 'edi-bench' });
      const row = await benchBus('kafka: bus', bus);
      await bus.close();
      const raw = await benchRawKafka(kafka.brokers);
      row.note = `${fmt((row.produce / raw.produce) * 100)} % of the raw client's produce rate`;
      rows.push(row, raw);
    } finally {
      await kafka.stop?.();
    }
  }

  const cpu = os.cpus();
  console.log(`\nBus benchmark — ${RECORDS.toLocaleString('en-US')} records of 1 KB (produce() calls of ${BATCH}, ${IN_FLIGHT} in flight); latency: ${LATENCY_SAMPLES.toLocaleString('en-US')} single-record produce() calls, each awaited`);
  console.log(`machine: ${cpu.length} cores, ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, ${os.platform()} ${os.release()}`);
  console.log(`command: ${process.env.npm_lifecycle_event ? `npm run ${process.env.npm_lifecycle_event}` : `node ${process.argv.slice(1).join(' ')}`}${process.env.BENCH_RECORDS ? ` (BENCH_RECORDS=${process.env.BENCH_RECORDS})` : ''}`);
  console.log(kafkaNote);
  const header = ['backend', 'produce rec/s', 'consume rec/s', 'produce p50 ms', 'produce p99 ms', 'note'];
  const table = rows.map((r) => [r.backend, fmt(r.produce), fmt(r.consume), fmt(r.p50, 2), fmt(r.p99, 2), r.note ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => (i === 0 || i === 5 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 || i === 5 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const row of table) console.log(line(row));
}

await main();
