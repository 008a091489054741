// EDS benchmark: taxi trips delivered to the EDS sandbox over HTTP (127.0.0.1) by outbound.eds
// (token per API client, POST of the stored bytes, receipt + tracking + idempotency mark per
// trip), on the embedded log and, with KAFKA_BROKERS set, on Apache Kafka. Two runs per bus:
//   backlog   BENCH_TRIPS trips of BENCH_DRIVERS drivers already on eds.trips.valid: trips/s
//             delivered, latency of one trip's delivery (token, HTTP, produce), token requests
//             per 1,000 trips (the sandbox's own count);
//   pipeline  the same number of raw JSON trips written to eds.trips.inbound at BENCH_RATE/s,
//             through transformer.eds and outbound.eds: end-to-end latency from the trip's
//             record to its receipt's.
//   npm run bench:eds          BENCH_TRIPS=5000 BENCH_DRIVERS=50 BENCH_RATE=250 npm run bench:eds
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { Bus } from '../topics/bus.js';
import type { TopicSpec } from '../topics/catalogue.js';
import type { ComponentContext } from '../topics/component.js';
import { createEmbeddedBus } from '../topics/embedded/index.js';
import { H } from '../topics/headers.js';
import { newId } from '../lib/ids.js';
import { createTestBench } from '../connectors/sdk/test-kit.js';
import { edsDelivery, edsDeliveryConfig } from '../connectors/outbound/eds/index.js';
import { edsTransformer, edsTransformerConfig } from '../transformers/eds/index.js';
import { carriageBody } from '../transformers/eds/body.js';
import { edsSandbox, edsSandboxOptions } from '../sandbox/eds/index.js';
import { seedCredentials, seedDrivers, tripsAcross } from '../test/fixtures/eds/trips.js';

const TRIPS = Number(process.env.BENCH_TRIPS ?? 5000);
const DRIVERS = Number(process.env.BENCH_DRIVERS ?? 50);
const RATE = Number(process.env.BENCH_RATE ?? 250);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

interface Row {
  run: string;
  backend: string;
  trips: number;
  seconds: number;
  p50: number;
  p99: number;
  tokensPer1000: number;
  note: string;
}

const quantile = (sorted: number[], q: number): number => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);

async function count(bus: Bus, topic: string): Promise<number> {
  const [info] = await bus.describeTopics([topic]);
  return (info?.partitions ?? []).reduce((s, p) => s + Number(p.endOffset) - Number(p.startOffset), 0);
}

async function untilCount(bus: Bus, topic: string, n: number, timeoutMs = 900_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // End offsets are only a gate: on Kafka, transaction markers take offsets too, so the
    // records themselves are counted before the clock stops.
    let c = await count(bus, topic);
    if (c >= n) {
      c = 0;
      for await (const _ of bus.scan(topic)) c++;
      if (c >= n) return;
    }
    if (Date.now() > deadline) throw new Error(`${topic}: ${c} of ${n} records after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function runs(backend: string, bus: Bus, dir: string): Promise<Row[]> {
  const rows: Row[] = [];
  const drivers = seedDrivers().slice(0, DRIVERS);
  const credentials = seedCredentials();
  for (const run of ['backlog', 'pipeline'] as const) {
    const id = `b${Date.now().toString(36)}${run[0]}`;
    const T = { inbound: `bench.eds.${id}.inbound`, valid: `bench.eds.${id}.valid`, receipts: `bench.eds.${id}.receipts`, dlq: `bench.eds.${id}.dlq` };
    const spec = (name: string, dlq?: string): TopicSpec => ({ name, description: 'bench', key: 'client id', contentType: 'application/json', partitions: 3, cleanup: 'delete', retentionMs: 3_600_000, ...(dlq ? { dlq } : {}) });
    const bench = await createTestBench({ bus, extraTopics: [spec(T.inbound, T.dlq), spec(T.valid, T.dlq), spec(T.receipts), spec(T.dlq)], dir: path.join(dir, id) });
    // A fresh sandbox per run: its ledger would answer 409 to the same trips.
    const sandbox = edsSandbox.create(edsSandboxOptions.parse({}), { dataDir: path.join(dir, `${id}-sandbox`) });
    await sandbox.start();
    try {
      const trips = tripsAcross(drivers, TRIPS, { serial: `SN${id.slice(-6)}` });
      const latencies: number[] = [];
      const deliveryCtx = async (): Promise<ComponentContext> => {
        const ctx = await bench.context(`bench-eds-delivery-${id}`);
        return { ...ctx, metrics: { ...ctx.metrics, stepLatency: (ms: number) => void latencies.push(ms) } };
      };
      const delivery = await edsDelivery.create(
        edsDeliveryConfig.parse({ environment: 'sandbox', baseUrl: sandbox.url, credentials, topics: [T.valid], receiptsTopic: T.receipts, concurrency: CONCURRENCY }),
        run === 'backlog' ? await deliveryCtx() : await bench.context(`bench-eds-delivery-${id}`),
      );
      if (run === 'backlog') {
        const records = trips.map(({ driver, trip }) => ({ topic: T.valid, key: driver.clientId, value: carriageBody(trip), headers: { [H.id]: newId(), [H.contentType]: 'application/json' } }));
        for (let i = 0; i < records.length; i += 500) await bus.produce(records.slice(i, i + 500));
        const started = performance.now();
        await delivery.start();
        await untilCount(bus, T.receipts, TRIPS);
        const seconds = (performance.now() - started) / 1000;
        await delivery.stop();
        const stats = (await fetch(`${sandbox.url}/_sandbox/stats`).then((r) => r.json())) as { auth: Record<string, number>; carriage: Record<string, number> };
        latencies.sort((a, b) => a - b);
        rows.push({ run: 'backlog → outbound.eds → sandbox', backend, trips: TRIPS, seconds, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), tokensPer1000: ((stats.auth['200'] ?? 0) * 1000) / TRIPS, note: `${DRIVERS} drivers, ${CONCURRENCY} lanes; latency of one delivery (HTTP + receipt produce); answers ${JSON.stringify(stats.carriage)}` });
      } else {
        const transformer = await edsTransformer.create(edsTransformerConfig.parse({ input: [T.inbound], output: T.valid, credentials }), await bench.context(`bench-eds-transform-${id}`));
        await transformer.start();
        await delivery.start();
        const sentAt = new Map<string, number>();
        const started = performance.now();
        const batch = Math.max(1, Math.round(RATE / 20));
        for (let i = 0; i < trips.length; i += batch) {
          const slice = trips.slice(i, i + batch).map(({ driver, trip }) => {
            const ediId = newId();
            return { topic: T.inbound, key: driver.plate, value: Buffer.from(JSON.stringify(trip)), headers: { [H.id]: ediId, [H.contentType]: 'application/json', [H.source]: 'bench:dispatch' } };
          });
          const t0 = Date.now();
          await bus.produce(slice);
          for (const r of slice) sentAt.set(r.headers[H.id], t0);
          const due = started + ((i + batch) / RATE) * 1000;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        }
        await untilCount(bus, T.receipts, TRIPS);
        const seconds = (performance.now() - started) / 1000;
        await delivery.stop();
        await transformer.stop();
        const e2e: number[] = [];
        for await (const r of bus.scan(T.receipts)) {
          const t0 = sentAt.get(r.headers[H.id] ?? '');
          if (t0 !== undefined) e2e.push(r.timestamp - t0);
        }
        e2e.sort((a, b) => a - b);
        const stats = (await fetch(`${sandbox.url}/_sandbox/stats`).then((r) => r.json())) as { auth: Record<string, number> };
        rows.push({ run: `${RATE}/s → transformer.eds → outbound.eds`, backend, trips: TRIPS, seconds, p50: quantile(e2e, 0.5), p99: quantile(e2e, 0.99), tokensPer1000: ((stats.auth['200'] ?? 0) * 1000) / TRIPS, note: `paced input; latency from the raw trip's record to its receipt's (${e2e.length} matched)` });
      }
      if ((await count(bus, T.dlq)) > 0) throw new Error('bench trips went to the DLQ');
    } finally {
      await sandbox.stop();
      await bench.http.close();
    }
  }
  return rows;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'edi-bench-eds-'));
  const rows: Row[] = [];
  try {
    const embedded = await createEmbeddedBus({ dir: path.join(dir, 'bus') });
    rows.push(...(await runs('embedded', embedded, dir)));
    await embedded.close();
    let kafkaNote = 'Kafka: skipped (set KAFKA_BROKERS to include it)';
    if (process.env.KAFKA_BROKERS) {
      kafkaNote = `Kafka: KAFKA_BROKERS=${process.env.KAFKA_BROKERS}`;
      const { createKafkaBus } = await import('../topics/kafka/index.js');
      const bus = await createKafkaBus({ brokers: process.env.KAFKA_BROKERS.split(','), clientId: 'edi-bench-eds', log: pino({ level: 'warn' }) });
      rows.push(...(await runs('kafka', bus, dir)));
      await bus.close();
    }
    const cpu = os.cpus();
    console.log(`\nEDS benchmark — ${TRIPS.toLocaleString('en-US')} taxi trips of ${DRIVERS} drivers (one API client each, ${Math.min(10, DRIVERS)} sharing a secret) to the EDS sandbox on 127.0.0.1`);
    console.log(`machine: ${cpu.length} cores, ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, ${os.platform()} ${os.release()}; load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    const env = ['BENCH_TRIPS', 'BENCH_DRIVERS', 'BENCH_RATE', 'BENCH_CONCURRENCY'].filter((k) => process.env[k]).map((k) => `${k}=${process.env[k]}`);
    console.log(`command: ${env.length ? `${env.join(' ')} ` : ''}${process.env.npm_lifecycle_event ? `npm run ${process.env.npm_lifecycle_event}` : `node ${process.argv.slice(1).join(' ')}`}`);
    console.log(kafkaNote);
    const header = ['run', 'bus', 'trips', 'seconds', 'trips/s', 'p50 ms', 'p99 ms', 'tokens/1,000 trips', 'note'];
    const table = rows.map((r) => [r.run, r.backend, r.trips.toLocaleString('en-US'), r.seconds.toFixed(2), Math.round(r.trips / r.seconds).toLocaleString('en-US'), r.p50.toFixed(0), r.p99.toFixed(0), r.tokensPer1000.toFixed(1), r.note]);
    const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
    const numeric = new Set([2, 3, 4, 5, 6, 7]);
    const line = (cells: string[]): string => `| ${cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
    console.log(line(header));
    console.log(`|${widths.map((w, i) => (numeric.has(i) ? `${'-'.repeat(w + 1)}:` : `:${'-'.repeat(w + 1)}`)).join('|')}|`);
    for (const row of table) console.log(line(row));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
