// The one conformance suite both Bus backends pass (DESIGN.md: "Both backends pass one shared
// conformance test suite"). Each test works on its own topics and groups (a random prefix),
// so tests and repeated runs against one Kafka never see each other's records.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Bus, Subscription } from '../../topics/bus.js';
import type { TopicSpec } from '../../topics/catalogue.js';
import type { BusRecord, OutgoingRecord } from '../../topics/record.js';
import { H } from '../../topics/headers.js';
import { dlqRecord } from '../../topics/dlq.js';
import { partitionForKey } from '../../topics/partitioner.js';
import { EdiError, coreErrors } from '../../lib/errors.js';
import type { BusSpec } from './bus-spec.js';

export interface ConformanceOptions {
  /** How a child process opens the same backend (the crash test). */
  childBus: () => BusSpec;
  /** The bus's record size limit (the makeBus/childBus option maxRecordBytes). */
  maxRecordBytes: number;
  /** Upper bound for a group change to settle (a Kafka rebalance, an embedded lease expiry). */
  settleMs: number;
}

const crashScript = fileURLToPath(new URL('./crash-consumer.ts', import.meta.url));

function spec(name: string, partitions: number, cleanup: 'delete' | 'compact' = 'delete', retentionMs = 86_400_000): TopicSpec {
  return { name, description: 'conformance test topic', key: 'test key', contentType: 'application/octet-stream', partitions, cleanup, retentionMs };
}

function rec(topic: string, key: string | null, value: string | Buffer, headers: Record<string, string> = {}): OutgoingRecord {
  return { topic, key, value: typeof value === 'string' ? Buffer.from(value) : value, headers };
}

const id = (r: { partition: number; offset: string }): string => `${r.partition}/${r.offset}`;

async function waitFor(cond: () => boolean | Promise<boolean>, ms: number, what: string, detail?: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}${detail ? `\n${detail()}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function scanAll(bus: Bus, topic: string, options?: Parameters<Bus['scan']>[1]): Promise<BusRecord[]> {
  const out: BusRecord[] = [];
  for await (const r of bus.scan(topic, options)) out.push(r);
  return out;
}

/** A subscription that keeps every record it is handed, in arrival order. */
async function collect(bus: Bus, group: string, topics: string[], maxBatchRecords?: number): Promise<{ records: BusRecord[]; sub: Subscription; distinct(): number }> {
  const records: BusRecord[] = [];
  const sub = await bus.subscribe({
    group,
    topics,
    ...(maxBatchRecords === undefined ? {} : { maxBatchRecords }),
    handler: async (b) => void records.push(...b.records),
  });
  return { records, sub, distinct: () => new Set(records.map((r) => `${r.topic}:${id(r)}`)).size };
}

export function busConformance(
  name: string,
  makeBus: () => Promise<Bus>,
  opts: ConformanceOptions,
  describeFn: typeof describe | typeof describe.skip = describe,
): void {
  describeFn(`Bus conformance: ${name}`, () => {
    const prefix = `conf-${randomBytes(3).toString('hex')}`;
    let n = 0;
    const unique = (what: string): string => `${prefix}.${what}.${++n}`;
    const opened: Bus[] = [];
    const children: ChildProcess[] = [];
    const open = async (): Promise<Bus> => {
      const bus = await makeBus();
      opened.push(bus);
      return bus;
    };

    afterEach(async () => {
      for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
      await Promise.all(opened.splice(0).map((b) => b.close()));
    });

    it('keeps per-key order and places each key on the partition Kafka’s murmur2 partitioner picks', async () => {
      const bus = await open();
      const topic = unique('order');
      await bus.ensureTopics([spec(topic, 3)]);
      const keys = ['DM-1001', 'DM-1002', 'EO-7', 'LV-TAXI-42', 'MT-9'];
      for (let round = 0; round < 8; round++) {
        const produced = await bus.produce(keys.map((k) => rec(topic, k, `${k}#${round}`)));
        produced.forEach((p, i) => expect(p.partition, `partition of ${keys[i]}`).toBe(partitionForKey(keys[i]!, 3)));
      }
      const c = await collect(bus, unique('g'), [topic], 3);
      await waitFor(() => c.distinct() === 40, opts.settleMs + 20_000, '40 records');
      // A redelivery (a rebalance) may repeat records; what was first delivered is in order.
      const seen = new Set<string>();
      const sequences = new Map<string, number[]>();
      for (const r of c.records) {
        if (seen.has(id(r))) continue;
        seen.add(id(r));
        const [key, seq] = r.value.toString().split('#') as [string, string];
        expect(r.key).toBe(key);
        sequences.set(key, [...(sequences.get(key) ?? []), Number(seq)]);
      }
      for (const k of keys) expect(sequences.get(k), k).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    });

    it('redelivers the batch a SIGKILLed consumer was handling, and no batch it had committed', async () => {
      const bus = await open();
      const topic = unique('crash');
      const group = unique('g');
      await bus.ensureTopics([spec(topic, 1)]);
      const total = 30;
      await bus.produce(Array.from({ length: total }, (_, i) => rec(topic, `k${i}`, `record ${i}`)));

      const child = spawn(
        process.execPath,
        ['--import', 'tsx', crashScript, JSON.stringify({ bus: opts.childBus(), group, topic, crashAtOffset: 15, maxBatchRecords: 5 })],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      children.push(child);
      const childOutput: string[] = [];
      createInterface({ input: child.stderr! }).on('line', (line) => childOutput.push(`stderr: ${line}`));
      const handled: Array<[number, number]> = [];
      let hung: [number, number] | undefined;
      createInterface({ input: child.stdout! }).on('line', (line) => {
        childOutput.push(line);
        const [kind, , first, last] = line.split(' ');
        if (kind === 'BATCH') handled.push([Number(first), Number(last)]);
        if (kind === 'HANG') hung = [Number(first), Number(last)];
      });
      const told = (): string => `child said:\n${childOutput.join('\n')}`;
      await waitFor(() => hung !== undefined || child.exitCode !== null, opts.settleMs + 20_000, 'the child to hang mid-batch', told);
      expect(hung, told()).toBeDefined();
      expect(child.exitCode, 'the child is still inside the batch when it is killed').toBeNull();
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;

      // The child handled 0 … hung[0]-1 in order; the batch after a batch is handed over only
      // once the one before was committed, so everything below hung[0] is committed.
      const handledOffsets = handled.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i));
      expect(handledOffsets, told()).toEqual(Array.from({ length: hung![0] }, (_, i) => i));

      const again = await collect(bus, group, [topic]);
      await waitFor(() => again.records.some((r) => Number(r.offset) === total - 1), opts.settleMs + 20_000, 'the restarted member to reach the end', () => `${told()}\nrestart got: ${again.records.map((r) => r.offset).join(',')}`);
      const offsets = again.records.map((r) => Number(r.offset));
      expect(Math.min(...offsets), `first offset after the restart; ${told()}`).toBe(hung![0]);
      expect([...new Set(offsets)].sort((a, b) => a - b)).toEqual(Array.from({ length: total - hung![0] }, (_, i) => hung![0] + i));
    }, 90_000);

    it('loses no record that produce() acknowledged, across closing and reopening the bus', async () => {
      const bus = await open();
      const topic = unique('durable');
      await bus.ensureTopics([spec(topic, 3)]);
      const batches = await Promise.all(
        Array.from({ length: 5 }, (_, b) => bus.produce(Array.from({ length: 10 }, (_, i) => rec(topic, `key-${b}-${i}`, `batch ${b} record ${i}`)))),
      );
      const acked = new Map(batches.flat().map((p, i) => [id(p), `batch ${Math.floor(i / 10)} record ${i % 10}`]));
      expect(acked.size).toBe(50);
      await bus.close();

      const reopened = await open();
      const stored = await scanAll(reopened, topic);
      expect(new Map(stored.map((r) => [id(r), r.value.toString()]))).toEqual(acked);
    });

    it('shares the partitions between two members of a group and hands them all to the one left', async () => {
      const busA = await open();
      const busB = await open();
      const topic = unique('shared');
      const group = unique('g');
      await busA.ensureTopics([spec(topic, 4)]);
      const a = await collect(busA, group, [topic]);
      await waitFor(() => a.sub.assignments().length === 4, opts.settleMs + 15_000, 'the first member to own all 4 partitions');
      const b = await collect(busB, group, [topic]);
      await waitFor(
        () => a.sub.assignments().length > 0 && b.sub.assignments().length > 0 && a.sub.assignments().length + b.sub.assignments().length === 4,
        opts.settleMs + 15_000,
        'the two members to split the partitions',
      );
      const ownedByA = new Set(a.sub.assignments().map((p) => p.partition));
      const ownedByB = new Set(b.sub.assignments().map((p) => p.partition));
      expect([...ownedByA].filter((p) => ownedByB.has(p))).toEqual([]);

      await busA.produce(Array.from({ length: 40 }, (_, i) => rec(topic, `k${i}`, `r${i}`)));
      await waitFor(() => new Set([...a.records, ...b.records].map(id)).size === 40, opts.settleMs + 15_000, 'both members to receive all 40');
      expect(a.records.length).toBeGreaterThan(0);
      expect(b.records.length).toBeGreaterThan(0);
      expect(a.records.every((r) => ownedByA.has(r.partition))).toBe(true);
      expect(b.records.every((r) => ownedByB.has(r.partition))).toBe(true);

      await b.sub.close();
      await waitFor(() => a.sub.assignments().length === 4, opts.settleMs + 15_000, 'the remaining member to own all 4 partitions');
      const before = a.records.length;
      await busA.produce(Array.from({ length: 20 }, (_, i) => rec(topic, `later${i}`, `later ${i}`)));
      await waitFor(() => new Set(a.records.slice(before).map(id)).size === 20, opts.settleMs + 15_000, 'the remaining member to receive the next 20');
    });

    it('round-trips keys, values and headers unchanged (Unicode, empty values, null key)', async () => {
      const bus = await open();
      const topic = unique('headers');
      await bus.ensureTopics([spec(topic, 2)]);
      const headers = {
        [H.id]: '01JD5Z6Q3W8X9Y0A1B2C3D4E5F',
        [H.source]: 'inbox-papinet:Lieferschein Nr. 7 – Säge/“Öst”.xml',
        [H.contentType]: 'application/xml; charset=utf-8',
        'x-empty': '',
        'x-json': JSON.stringify({ line: 3, path: '/a/b' }),
      };
      const value = Buffer.from([0, 1, 2, 255, 254, 0x0a, 0xc3, 0xa4]);
      await bus.produce([rec(topic, 'Kīlis-ÄÖÜ', value, headers), rec(topic, null, Buffer.alloc(0), { only: 'one' })]);
      const c = await collect(bus, unique('g'), [topic]);
      await waitFor(() => c.distinct() === 2, opts.settleMs + 15_000, '2 records');
      const keyed = c.records.find((r) => r.key !== null)!;
      expect(keyed.key).toBe('Kīlis-ÄÖÜ');
      expect(keyed.value.equals(value)).toBe(true);
      expect(keyed.headers).toEqual(headers);
      expect(keyed.timestamp).toBeGreaterThan(Date.now() - 120_000);
      const unkeyed = c.records.find((r) => r.key === null)!;
      expect(unkeyed.value.length).toBe(0);
      expect(unkeyed.headers).toEqual({ only: 'one' });
    });

    it('carries a 5 MB record unchanged', async () => {
      const bus = await open();
      const topic = unique('large');
      await bus.ensureTopics([spec(topic, 1)]);
      const big = randomBytes(5 * 1024 * 1024);
      const digest = createHash('sha256').update(big).digest('hex');
      await bus.produce([rec(topic, 'big', big, { [H.sha256]: digest }), rec(topic, 'small', 'after the big one')]);
      const c = await collect(bus, unique('g'), [topic]);
      await waitFor(() => c.distinct() === 2, opts.settleMs + 20_000, 'the 5 MB record and the next one');
      const got = c.records.find((r) => r.key === 'big')!;
      expect(got.value.length).toBe(big.length);
      expect(createHash('sha256').update(got.value).digest('hex')).toBe(digest);
      expect(got.headers[H.sha256]).toBe(digest);
    });

    it('routes a record that fails to its DLQ with the reason headers and the original bytes', async () => {
      const bus = await open();
      const topic = unique('in');
      const dlq = unique('dlq');
      await bus.ensureTopics([spec(topic, 2), spec(dlq, 1)]);
      const bad = rec(topic, 'DM-666', '<DeliveryMessage><broken', { [H.id]: '01BADBADBADBADBADBADBADBAD', [H.source]: 'inbox:DM-666.xml' });
      await bus.produce([rec(topic, 'DM-1', '<DeliveryMessage/>'), bad, rec(topic, 'DM-2', '<DeliveryMessage/>')]);
      const handled: string[] = [];
      const group = unique('g');
      await bus.subscribe({
        group,
        topics: [topic],
        handler: async (batch) => {
          const failures: OutgoingRecord[] = [];
          for (const r of batch.records) {
            if (r.value.toString().endsWith('<broken')) {
              const err = coreErrors.create('EDI_ERR_FORMAT_UNKNOWN', { file: 'DM-666.xml' }, { detail: { line: 1, column: 26 } });
              failures.push(dlqRecord(r, dlq, err, 'validate', 1));
            } else handled.push(r.key!);
          }
          // The DLQ record is durable before the batch is committed.
          if (failures.length > 0) await bus.produce(failures);
        },
      });
      await waitFor(async () => (await scanAll(bus, dlq)).length === 1 && handled.length === 2, opts.settleMs + 15_000, 'the DLQ record');
      const [d] = await scanAll(bus, dlq);
      expect(d!.key).toBe('DM-666');
      expect(d!.value.equals(bad.value)).toBe(true);
      expect(d!.headers).toMatchObject({
        [H.id]: '01BADBADBADBADBADBADBADBAD',
        [H.source]: 'inbox:DM-666.xml',
        [H.errorStage]: 'validate',
        [H.errorCode]: 'EDI_ERR_FORMAT_UNKNOWN',
        [H.errorMessage]: 'DM-666.xml: no registered format recognises this content',
        [H.attempts]: '1',
        [H.originTopic]: topic,
      });
      expect(JSON.parse(d!.headers[H.errorDetail]!)).toEqual({ line: 1, column: 26 });
      await waitFor(async () => (await bus.groupLag(group, [topic])).every((l) => l.lag === 0), opts.settleMs + 10_000, 'the input to be committed');
    });

    it('delivers a batch again after its handler throws, committing nothing in between', async () => {
      const bus = await open();
      const topic = unique('retry');
      const group = unique('g');
      await bus.ensureTopics([spec(topic, 1)]);
      await bus.produce(Array.from({ length: 5 }, (_, i) => rec(topic, 'same-key', `r${i}`)));
      const calls: Array<{ offsets: string[]; at: number }> = [];
      let lagDuringFailure: number | undefined;
      await bus.subscribe({
        group,
        topics: [topic],
        handler: async (batch) => {
          calls.push({ offsets: batch.records.map((r) => r.offset), at: Date.now() });
          if (calls.length === 1) throw new Error('transient failure of the step');
          if (calls.length === 2) lagDuringFailure = (await bus.groupLag(group, [topic]))[0]!.lag;
        },
      });
      await waitFor(async () => (await bus.groupLag(group, [topic]))[0]!.lag === 0, opts.settleMs + 20_000, 'the retried batch to be committed');
      expect(calls.length).toBeGreaterThanOrEqual(2);
      expect(calls[1]!.offsets[0]).toBe(calls[0]!.offsets[0]);
      expect(calls[0]!.offsets[0]).toBe('0');
      expect(lagDuringFailure, 'nothing committed after the failure').toBe(5);
      expect(calls[1]!.at - calls[0]!.at, 'redelivered after a pause').toBeGreaterThanOrEqual(200);
      expect(new Set(calls.flatMap((c) => c.offsets))).toEqual(new Set(['0', '1', '2', '3', '4']));
    });

    it('hands nothing to the handler while paused and everything after resume', async () => {
      const bus = await open();
      const topic = unique('pause');
      await bus.ensureTopics([spec(topic, 2)]);
      const c = await collect(bus, unique('g'), [topic]);
      await waitFor(() => c.sub.assignments().length === 2, opts.settleMs + 15_000, 'assignment');
      c.sub.pause();
      await bus.produce(Array.from({ length: 6 }, (_, i) => rec(topic, `k${i}`, `r${i}`)));
      await sleep(1500);
      expect(c.records).toEqual([]);
      c.sub.resume();
      await waitFor(() => c.distinct() === 6, opts.settleMs + 15_000, '6 records after resume');
    });

    it('scans every partition up to the end offsets seen when the scan starts', async () => {
      const bus = await open();
      const topic = unique('scan');
      await bus.ensureTopics([spec(topic, 3)]);
      expect(await scanAll(bus, topic)).toEqual([]);
      const produced = await bus.produce(Array.from({ length: 30 }, (_, i) => rec(topic, `key${i}`, `v${i}`)));
      const all = await scanAll(bus, topic);
      expect(new Set(all.map(id))).toEqual(new Set(produced.map(id)));
      for (const p of [0, 1, 2]) {
        const offsets = all.filter((r) => r.partition === p).map((r) => Number(r.offset));
        expect(offsets, `partition ${p} in order`).toEqual([...offsets].sort((a, b) => a - b));
      }

      // Records produced after the scan started are not part of it.
      const iterator = bus.scan(topic)[Symbol.asyncIterator]();
      const first = await iterator.next();
      expect(first.done).toBe(false);
      await bus.produce(Array.from({ length: 6 }, (_, i) => rec(topic, `late${i}`, `late${i}`)));
      let count = 1;
      while (!(await iterator.next()).done) count++;
      expect(count).toBe(30);

      const p0 = produced.filter((p) => p.partition === 0).map((p) => Number(p.offset));
      const from = p0[Math.floor(p0.length / 2)]!;
      const fromScan = await scanAll(bus, topic, { fromOffsets: { 0: String(from) } });
      expect(fromScan.filter((r) => r.partition === 0).every((r) => Number(r.offset) >= from)).toBe(true);
      expect((await scanAll(bus, topic, { maxRecords: 7 })).length).toBe(7);
    });

    it('keeps state: get, put, compare-and-set, delete and prefix scan, with versions, across a reopen', async () => {
      const bus = await open();
      const ns = unique('state').replace(/\./g, '-');
      const state = await bus.openState(ns);
      expect(state.namespace).toBe(ns);
      expect(await state.get('seen/a.xml')).toBeUndefined();
      await state.put('seen/a.xml', { size: 10 });
      expect(await state.get('seen/a.xml')).toEqual({ value: { size: 10 }, version: 1 });
      await state.put('seen/a.xml', { size: 11 });
      expect(await state.get('seen/a.xml')).toEqual({ value: { size: 11 }, version: 2 });

      expect(await state.compareAndSet('seen/a.xml', 1, { size: 99 }), 'stale version').toBe(false);
      expect(await state.compareAndSet('seen/a.xml', 2, { size: 12 })).toBe(true);
      expect(await state.get('seen/a.xml')).toEqual({ value: { size: 12 }, version: 3 });
      expect(await state.compareAndSet('seen/b.xml', 0, { size: 1 }), 'create when absent').toBe(true);
      expect(await state.compareAndSet('seen/b.xml', 0, { size: 2 }), 'create when present').toBe(false);
      // Two racing writers with the same expected version: exactly one wins.
      const race = await Promise.all([state.compareAndSet('idem/x', 0, 'first'), state.compareAndSet('idem/x', 0, 'second')]);
      expect(race.filter(Boolean)).toHaveLength(1);

      await state.put('seen/c.xml', { size: 3 });
      await state.put('token/meta', { expiresAt: '2030-01-01T00:00:00Z' });
      await state.delete('seen/c.xml');
      expect(await state.get('seen/c.xml')).toBeUndefined();
      expect((await state.scan('seen/')).map(([k, e]) => [k, e.version])).toEqual([
        ['seen/a.xml', 3],
        ['seen/b.xml', 1],
      ]);

      // Values come back as copies: mutating one does not change the store.
      const got = await state.get<{ size: number }>('seen/a.xml');
      got!.value.size = -1;
      expect((await state.get<{ size: number }>('seen/a.xml'))!.value.size).toBe(12);

      await bus.close();
      const reopened = await (await open()).openState(ns);
      expect(await reopened.get('seen/a.xml')).toEqual({ value: { size: 12 }, version: 3 });
      expect(await reopened.get('seen/c.xml')).toBeUndefined();
      expect((await reopened.scan('')).map(([k]) => k)).toEqual(['idem/x', 'seen/a.xml', 'seen/b.xml', 'token/meta']);
      expect(await reopened.compareAndSet('seen/a.xml', 3, { size: 13 })).toBe(true);
    });

    it('commits records and state writes of one produce together, or neither', async () => {
      const bus = await open();
      const topic = unique('intake');
      const ns = unique('intake-state').replace(/\./g, '-');
      await bus.ensureTopics([spec(topic, 1)]);
      const state = await bus.openState(ns);

      const ok = await bus.produce([rec(topic, 'f1', 'file one'), rec(topic, 'f2', 'file two')], {
        state: [
          { namespace: ns, key: 'seen/f1', value: { at: 1 } },
          { namespace: ns, key: 'seen/f2', value: { at: 2 } },
        ],
      });
      expect(ok).toHaveLength(2);
      expect(await state.get('seen/f1')).toEqual({ value: { at: 1 }, version: 1 });

      // Partition 7 does not exist: the second record fails inside the write, after the first.
      await expect(
        bus.produce([rec(topic, 'f3', 'file three'), { ...rec(topic, 'f4', 'file four'), partition: 7 }], {
          state: [
            { namespace: ns, key: 'seen/f3', value: { at: 3 } },
            { namespace: ns, key: 'seen/f1', value: undefined },
          ],
        }),
      ).rejects.toBeInstanceOf(EdiError);
      expect(await state.get('seen/f3')).toBeUndefined();
      expect(await state.get('seen/f1'), 'the delete in the failed produce did not happen').toEqual({ value: { at: 1 }, version: 1 });
      expect((await scanAll(bus, topic)).map((r) => r.value.toString())).toEqual(['file one', 'file two']);

      // Several writes to one key in one produce build on each other.
      await bus.produce([rec(topic, 'f5', 'file five')], {
        state: [
          { namespace: ns, key: 'seen/f5', value: 'a' },
          { namespace: ns, key: 'seen/f5', value: 'b' },
        ],
      });
      expect(await state.get('seen/f5')).toEqual({ value: 'b', version: 2 });

      await bus.close();
      const reopened = await open();
      const again = await reopened.openState(ns);
      expect((await again.scan('seen/')).map(([k, e]) => [k, e.value, e.version])).toEqual([
        ['seen/f1', { at: 1 }, 1],
        ['seen/f2', { at: 2 }, 1],
        ['seen/f5', 'b', 2],
      ]);
      expect((await scanAll(reopened, topic)).map((r) => r.value.toString())).toEqual(['file one', 'file two', 'file five']);
    });

    it('refuses a record for an unknown topic or over the size limit, writing nothing', async () => {
      const bus = await open();
      const topic = unique('limits');
      await bus.ensureTopics([spec(topic, 1)]);
      const unknown = await bus.produce([rec(topic, 'a', 'ok'), rec(unique('missing'), 'b', 'lost')]).catch((e: unknown) => e);
      expect(unknown).toBeInstanceOf(EdiError);
      expect((unknown as EdiError).code).toBe('EDI_ERR_TOPIC_UNKNOWN');
      const tooBig = await bus.produce([rec(topic, 'c', Buffer.alloc(opts.maxRecordBytes + 1))]).catch((e: unknown) => e);
      expect((tooBig as EdiError).code).toBe('EDI_ERR_RECORD_TOO_LARGE');
      expect(await scanAll(bus, topic)).toEqual([]);
    });

    it('creates topics from specs, grows partitions and changes retention, and reports them', async () => {
      const bus = await open();
      const a = unique('apply');
      const b = unique('apply-compact');
      expect(await bus.ensureTopics([spec(a, 2), spec(b, 1, 'compact', -1)])).toEqual([
        { name: a, action: 'created' },
        { name: b, action: 'created' },
      ]);
      expect(await bus.ensureTopics([spec(a, 2), spec(b, 1, 'compact', -1)])).toEqual([
        { name: a, action: 'unchanged' },
        { name: b, action: 'unchanged' },
      ]);
      expect(await bus.ensureTopics([spec(a, 3, 'delete', 3_600_000)])).toEqual([{ name: a, action: 'updated' }]);
      await bus.produce([rec(a, null, 'x', {}), { ...rec(a, null, 'y'), partition: 2 }]);
      const [info, infoB] = await bus.describeTopics([a, b]);
      expect(info!.name).toBe(a);
      expect(info!.partitions.map((p) => p.partition)).toEqual([0, 1, 2]);
      expect(info!.partitions.reduce((s, p) => s + Number(p.endOffset) - Number(p.startOffset), 0)).toBe(2);
      expect(info!.partitions[2]!.endOffset).toBe('1');
      expect(info!.cleanup).toBe('delete');
      expect(info!.retentionMs).toBe(3_600_000);
      expect(infoB!.cleanup).toBe('compact');
    });

    it('reports a group’s committed offsets and lag per partition', async () => {
      const bus = await open();
      const topic = unique('lag');
      const group = unique('g');
      await bus.ensureTopics([spec(topic, 2)]);
      expect((await bus.groupLag(group, [topic])).map((l) => [l.partition, l.committed, l.lag])).toEqual([
        [0, null, 0],
        [1, null, 0],
      ]);
      await bus.produce([0, 0, 0, 1].map((p, i) => ({ ...rec(topic, null, `r${i}`), partition: p })));
      expect((await bus.groupLag(group, [topic])).map((l) => [l.partition, l.lag])).toEqual([
        [0, 3],
        [1, 1],
      ]);
      const c = await collect(bus, group, [topic]);
      await waitFor(() => c.distinct() === 4, opts.settleMs + 15_000, '4 records');
      await waitFor(async () => (await bus.groupLag(group, [topic])).every((l) => l.lag === 0), 10_000, 'lag 0');
      expect((await bus.groupLag(group, [topic])).map((l) => [l.partition, l.committed, l.endOffset])).toEqual([
        [0, '3', '3'],
        [1, '1', '1'],
      ]);
    });
  });
}
