// The test kit for components: a real ComponentContext on a real bus (the embedded log in a
// temp dir unless a bus is given), a real fastify server, and helpers to read topics back.
// Nothing here is a stand-in: components under test run exactly as in the broker.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import type { Bus } from '../../topics/bus.js';
import { buildCatalogue, type TopicCatalogue, type TopicSpec } from '../../topics/catalogue.js';
import type { ComponentContext } from '../../topics/component.js';
import type { BusRecord } from '../../topics/record.js';
import { trackingRecord, type TrackingEvent } from '../../topics/tracking.js';
import { createEmbeddedBus } from '../../topics/embedded/index.js';

export interface TestBench {
  dir: string;
  bus: Bus;
  catalogue: TopicCatalogue;
  http: FastifyInstance;
  log: Logger;
  /** A context for component `id`, as the broker would build it. */
  context(id: string, signal?: AbortSignal): Promise<ComponentContext>;
  /** Every record of a topic so far. */
  read(topic: string): Promise<BusRecord[]>;
  /** Waits until a topic holds at least n records (or fails after timeoutMs). */
  waitFor(topic: string, n: number, timeoutMs?: number): Promise<BusRecord[]>;
  tracking(id: string): Promise<TrackingEvent[]>;
  close(): Promise<void>;
}

export async function createTestBench(options: { bus?: Bus; extraTopics?: TopicSpec[]; dir?: string; log?: Logger } = {}): Promise<TestBench> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'edi-test-'));
  const log = options.log ?? pino({ level: process.env.EDI_TEST_LOG ?? 'silent' });
  const bus = options.bus ?? (await createEmbeddedBus({ dir: join(dir, 'bus'), heartbeatMs: 100, sessionTimeoutMs: 3000, pollMs: 50 }));
  const catalogue = buildCatalogue(options.extraTopics ?? []);
  await bus.ensureTopics(catalogue.all());
  const http = Fastify({ logger: false }) as unknown as FastifyInstance;
  const noop = (): void => undefined;

  const read = async (topic: string): Promise<BusRecord[]> => {
    const out: BusRecord[] = [];
    for await (const r of bus.scan(topic)) out.push(r);
    return out;
  };

  return {
    dir,
    bus,
    catalogue,
    http,
    log,
    async context(id, signal) {
      const stamp = (e: Parameters<ComponentContext['trackingRecord']>[0]) => trackingRecord({ ...e, component: id });
      return {
        id,
        bus,
        state: await bus.openState(id),
        catalogue,
        log: log.child({ component: id }),
        metrics: { recordsIn: noop, recordsOut: noop, recordsFailed: noop, stepLatency: noop },
        dataDir: dir,
        http,
        signal: signal ?? new AbortController().signal,
        trackingRecord: stamp,
        async track(events) {
          await bus.produce(events.map(stamp));
        },
        async alert(alert) {
          await bus.produce([{ topic: 'edi.alerts', key: id, value: Buffer.from(JSON.stringify({ ...alert, component: id })), headers: {} }]);
        },
      };
    },
    read,
    async waitFor(topic, n, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const records = await read(topic);
        if (records.length >= n) return records;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${n} records on ${topic}; have ${records.length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async tracking(id) {
      return (await read('edi.tracking')).map((r) => JSON.parse(r.value.toString()) as TrackingEvent).filter((e) => e.id === id);
    },
    async close() {
      await http.close();
      await bus.close();
      if (options.dir === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}
