// The embedded backend of the Bus: a durable, partitioned log in one SQLite file under the
// data dir. Produces from many callers are group-committed in one transaction (one fsync),
// then consumers in this process are woken at once; other processes poll.
import { EventEmitter } from 'node:events';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { Bus, GroupLag, ProduceOptions, ScanOptions, SubscribeOptions, Subscription, TopicInfo } from '../bus.js';
import type { TopicSpec } from '../catalogue.js';
import type { BusRecord, OutgoingRecord, ProducedRecord } from '../record.js';
import type { StateStore } from '../state-store.js';
import { coreErrors } from '../../lib/errors.js';
import { partitionForKey } from '../partitioner.js';
import { openLogDb, type Synchronous, type TopicRow } from './log-db.js';
import { SqliteStateStore, applyStateWrites } from './sqlite-state-store.js';
import { EmbeddedConsumer, type LogAccess } from './embedded-consumer.js';
import { GroupLeases, type PartitionRef } from './group-leases.js';
import { Retention } from './retention.js';
import { Checkpointer } from './checkpointer.js';
import { join } from 'node:path';

export interface EmbeddedBusOptions {
  /** Directory of the log file (bus.sqlite). */
  dir: string;
  /** full (default): fsync on every commit; normal: survives kill -9 but not power loss. */
  synchronous?: Synchronous;
  /** A member silent this long loses its partitions (default 10 s). */
  sessionTimeoutMs?: number;
  heartbeatMs?: number;
  /** How often idle consumers look for records written by other processes (default 200 ms). */
  pollMs?: number;
  maxRecordBytes?: number;
  maxBatchBytes?: number;
  /** How often retention runs (default 5 min; 0 = only on demand). */
  retentionIntervalMs?: number;
  log?: Logger;
}

interface PendingProduce {
  records: Array<OutgoingRecord & { partition: number; topicId: number }>;
  options: ProduceOptions | undefined;
  resolve: (r: ProducedRecord[]) => void;
  reject: (e: unknown) => void;
}

interface RecordRow {
  offset: number;
  key: string | null;
  value: Buffer;
  headers: string;
  ts: number;
}

export class EmbeddedBus implements Bus, LogAccess {
  readonly kind = 'embedded' as const;
  private readonly db: Database.Database;
  private readonly topics = new Map<string, TopicRow>();
  private readonly roundRobin = new Map<string, number>();
  private readonly appended = new EventEmitter();
  private readonly groups = new EventEmitter();
  private pending: PendingProduce[] = [];
  private flushScheduled = false;
  private readonly subscriptions = new Set<EmbeddedConsumer>();
  private readonly retention: Retention;
  private readonly checkpointer: Checkpointer;
  private closed = false;
  private readonly s;
  private readonly opts: Required<Omit<EmbeddedBusOptions, 'log'>> & { log?: Logger };

  constructor(options: EmbeddedBusOptions) {
    this.opts = {
      synchronous: 'full',
      sessionTimeoutMs: 10_000,
      heartbeatMs: 1_000,
      pollMs: 200,
      maxRecordBytes: 100 * 1024 * 1024,
      maxBatchBytes: 16 * 1024 * 1024,
      retentionIntervalMs: 5 * 60_000,
      ...options,
    };
    this.db = openLogDb(options.dir, this.opts.synchronous);
    this.appended.setMaxListeners(0);
    this.groups.setMaxListeners(0);
    const db = this.db;
    this.s = {
      topicByName: db.prepare<[string], TopicRow>('SELECT * FROM topics WHERE name = ?'),
      allTopics: db.prepare<[], TopicRow>('SELECT * FROM topics ORDER BY name'),
      insertTopic: db.prepare('INSERT INTO topics (name, partitions, cleanup, retention_ms) VALUES (?, ?, ?, ?)'),
      updateTopic: db.prepare('UPDATE topics SET partitions = ?, cleanup = ?, retention_ms = ? WHERE id = ?'),
      insertPartition: db.prepare('INSERT OR IGNORE INTO partitions (topic_id, partition, next_offset) VALUES (?, ?, 0)'),
      nextOffset: db.prepare<[number, number], { next_offset: number }>('SELECT next_offset FROM partitions WHERE topic_id = ? AND partition = ?'),
      setNextOffset: db.prepare('UPDATE partitions SET next_offset = ? WHERE topic_id = ? AND partition = ?'),
      insertRecord: db.prepare('INSERT INTO records (topic_id, partition, offset, key, value, headers, ts) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      fetch: db.prepare<[number, number, number, number], RecordRow>(
        'SELECT offset, key, value, headers, ts FROM records WHERE topic_id = ? AND partition = ? AND offset >= ? ORDER BY offset LIMIT ?',
      ),
      fetchUpTo: db.prepare<[number, number, number, number, number], RecordRow>(
        'SELECT offset, key, value, headers, ts FROM records WHERE topic_id = ? AND partition = ? AND offset >= ? AND offset < ? ORDER BY offset LIMIT ?',
      ),
      startOffset: db.prepare<[number, number], { start: number | null }>('SELECT MIN(offset) AS start FROM records WHERE topic_id = ? AND partition = ?'),
      committed: db.prepare<[string, number, number], { offset: number }>('SELECT offset FROM group_offsets WHERE grp = ? AND topic_id = ? AND partition = ?'),
      commit: db.prepare('INSERT INTO group_offsets (grp, topic_id, partition, offset) VALUES (?, ?, ?, ?) ON CONFLICT (grp, topic_id, partition) DO UPDATE SET offset = excluded.offset'),
    };
    for (const row of this.s.allTopics.all()) this.topics.set(row.name, row);
    this.retention = new Retention(db, this.opts.log);
    this.checkpointer = new Checkpointer(db, join(options.dir, 'bus.sqlite'), this.opts.log);
    if (this.opts.retentionIntervalMs > 0) this.retention.schedule(() => [...this.topics.values()], this.opts.retentionIntervalMs);
  }

  // ---------------------------------------------------------------- topics

  async ensureTopics(specs: readonly TopicSpec[]): Promise<Array<{ name: string; action: 'created' | 'updated' | 'unchanged' }>> {
    const results: Array<{ name: string; action: 'created' | 'updated' | 'unchanged' }> = [];
    this.db
      .transaction(() => {
        for (const spec of specs) {
          const existing = this.s.topicByName.get(spec.name);
          let action: 'created' | 'updated' | 'unchanged' = 'unchanged';
          let id: number;
          if (existing === undefined) {
            id = Number(this.s.insertTopic.run(spec.name, spec.partitions, spec.cleanup, spec.retentionMs).lastInsertRowid);
            action = 'created';
          } else {
            id = existing.id;
            // Like Kafka, partitions can grow but never shrink (keys would move).
            const partitions = Math.max(existing.partitions, spec.partitions);
            if (partitions !== existing.partitions || spec.cleanup !== existing.cleanup || spec.retentionMs !== existing.retention_ms) {
              this.s.updateTopic.run(partitions, spec.cleanup, spec.retentionMs, id);
              action = 'updated';
            }
          }
          const row = this.s.topicByName.get(spec.name)!;
          for (let p = 0; p < row.partitions; p++) this.s.insertPartition.run(id, p);
          this.topics.set(spec.name, row);
          results.push({ name: spec.name, action });
        }
      })
      .immediate();
    return results;
  }

  private topic(name: string): TopicRow {
    let row = this.topics.get(name);
    if (row === undefined) {
      // Another process may have created it since we opened.
      row = this.s.topicByName.get(name);
      if (row === undefined) throw coreErrors.create('EDI_ERR_TOPIC_UNKNOWN', { topic: name });
      this.topics.set(name, row);
    }
    return row;
  }

  // ---------------------------------------------------------------- produce

  produce(records: OutgoingRecord[], options?: ProduceOptions): Promise<ProducedRecord[]> {
    if (this.closed) return Promise.reject(coreErrors.create('EDI_ERR_SHUTTING_DOWN'));
    let placed: PendingProduce['records'];
    try {
      placed = records.map((r) => {
        const t = this.topic(r.topic);
        if (r.value.length > this.opts.maxRecordBytes) {
          throw coreErrors.create('EDI_ERR_RECORD_TOO_LARGE', { size: r.value.length, limit: this.opts.maxRecordBytes, topic: r.topic });
        }
        return { topic: r.topic, key: r.key, value: r.value, headers: r.headers, topicId: t.id, partition: r.partition ?? this.choosePartition(t, r.key) };
      });
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ records: placed, options, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private choosePartition(t: TopicRow, key: string | null): number {
    if (key !== null) return partitionForKey(key, t.partitions);
    const n = (this.roundRobin.get(t.name) ?? -1) + 1;
    this.roundRobin.set(t.name, n);
    return n % t.partitions;
  }

  /** Group commit: every produce queued since the last flush goes in one transaction. */
  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    const results: ProducedRecord[][] = [];
    const touched = new Set<string>();
    try {
      this.db
        .transaction(() => {
          // Next offset per partition, keyed topicId * 2^20 + partition (partitions stay below 2^20).
          const next = new Map<number, number>();
          const now = Date.now();
          for (const item of batch) {
            const produced: ProducedRecord[] = [];
            for (const r of item.records) {
              const k = r.topicId * 1_048_576 + r.partition;
              let offset = next.get(k);
              if (offset === undefined) {
                const row = this.s.nextOffset.get(r.topicId, r.partition);
                if (row === undefined) throw new Error(`partition ${r.partition} of ${r.topic} does not exist`);
                offset = row.next_offset;
              }
              this.s.insertRecord.run(r.topicId, r.partition, offset, r.key, r.value, JSON.stringify(r.headers), now);
              next.set(k, offset + 1);
              produced.push({ topic: r.topic, partition: r.partition, offset: String(offset) });
              touched.add(r.topic);
            }
            if (item.options?.state?.length) applyStateWrites(this.db, item.options.state);
            results.push(produced);
          }
          for (const [k, offset] of next) this.s.setNextOffset.run(offset, Math.floor(k / 1_048_576), k % 1_048_576);
        })
        .immediate();
    } catch (err) {
      const e = coreErrors.create('EDI_ERR_BUS_UNAVAILABLE', { reason: err instanceof Error ? err.message : String(err) }, { cause: err });
      for (const item of batch) item.reject(e);
      return;
    }
    let bytes = 0;
    for (const item of batch) for (const r of item.records) bytes += r.value.length + 64;
    this.checkpointer.wrote(bytes);
    batch.forEach((item, i) => item.resolve(results[i]!));
    for (const topic of touched) this.appended.emit(topic);
  }

  // ---------------------------------------------------------------- consume (LogAccess)

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    if (this.closed) throw coreErrors.create('EDI_ERR_SHUTTING_DOWN');
    for (const t of options.topics) this.topic(t);
    const consumer = new EmbeddedConsumer(
      this,
      options,
      { sessionTimeoutMs: this.opts.sessionTimeoutMs, heartbeatMs: this.opts.heartbeatMs, pollMs: this.opts.pollMs, maxBatchBytes: this.opts.maxBatchBytes },
      this.opts.log,
    );
    this.subscriptions.add(consumer);
    consumer.start();
    const close = consumer.close.bind(consumer);
    consumer.close = async () => {
      await close();
      this.subscriptions.delete(consumer);
    };
    return consumer;
  }

  partitionsOf(topics: string[]): PartitionRef[] {
    const refs: PartitionRef[] = [];
    for (const name of [...topics].sort()) {
      const t = this.s.topicByName.get(name) ?? this.topic(name);
      this.topics.set(name, t);
      for (let p = 0; p < t.partitions; p++) refs.push({ topicId: t.id, topic: name, partition: p });
    }
    return refs;
  }

  fetch(p: PartitionRef, fromOffset: number, maxRecords: number, maxBytes: number): BusRecord[] {
    const out: BusRecord[] = [];
    let bytes = 0;
    for (const row of this.s.fetch.iterate(p.topicId, p.partition, fromOffset, maxRecords)) {
      out.push(toRecord(p.topic, p.partition, row));
      bytes += row.value.length;
      if (bytes >= maxBytes) break;
    }
    return out;
  }

  committed(group: string, p: PartitionRef): number | undefined {
    return this.s.committed.get(group, p.topicId, p.partition)?.offset;
  }

  commit(group: string, p: PartitionRef, nextOffset: number, leases: GroupLeases): boolean {
    return this.db
      .transaction(() => {
        if (!leases.holds(p)) return false;
        this.s.commit.run(group, p.topicId, p.partition, nextOffset);
        return true;
      })
      .immediate();
  }

  bounds(p: PartitionRef): { start: number; end: number } {
    const end = this.s.nextOffset.get(p.topicId, p.partition)?.next_offset ?? 0;
    const start = this.s.startOffset.get(p.topicId, p.partition)?.start ?? end;
    return { start, end };
  }

  waitForAppend(topic: string, ms: number, abort: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (abort.aborted) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        this.appended.off(topic, done);
        abort.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.appended.on(topic, done);
      abort.addEventListener('abort', done, { once: true });
    });
  }

  leases(group: string, member: string): GroupLeases {
    return new GroupLeases(this.db, group, member, this.opts.sessionTimeoutMs);
  }

  onGroupChange(group: string, fn: () => void): () => void {
    this.groups.on(group, fn);
    return () => this.groups.off(group, fn);
  }

  notifyGroupChange(group: string): void {
    this.groups.emit(group);
  }

  // ---------------------------------------------------------------- scan, describe, lag

  async *scan(topic: string, options: ScanOptions = {}): AsyncIterable<BusRecord> {
    const t = this.topic(topic);
    let remaining = options.maxRecords ?? Infinity;
    // End offsets of every partition are fixed when the scan starts, not when it gets there.
    const bounds = Array.from({ length: t.partitions }, (_, p) => this.bounds({ topicId: t.id, topic, partition: p }));
    for (let p = 0; p < t.partitions && remaining > 0; p++) {
      const { start, end } = bounds[p]!;
      let position = Math.max(start, Number(options.fromOffsets?.[p] ?? start));
      while (position < end && remaining > 0) {
        const rows = this.s.fetchUpTo.all(t.id, p, position, end, Math.min(500, remaining));
        if (rows.length === 0) break;
        for (const row of rows) {
          yield toRecord(topic, p, row);
          remaining--;
        }
        position = rows[rows.length - 1]!.offset + 1;
      }
    }
  }

  async describeTopics(names?: string[]): Promise<TopicInfo[]> {
    const rows = names === undefined ? this.s.allTopics.all() : names.map((n) => this.topic(n));
    return rows.map((t) => ({
      name: t.name,
      cleanup: t.cleanup,
      retentionMs: t.retention_ms,
      partitions: Array.from({ length: t.partitions }, (_, p) => {
        const { start, end } = this.bounds({ topicId: t.id, topic: t.name, partition: p });
        return { partition: p, startOffset: String(start), endOffset: String(end) };
      }),
    }));
  }

  async groupLag(group: string, topics: string[]): Promise<GroupLag[]> {
    const out: GroupLag[] = [];
    for (const p of this.partitionsOf(topics)) {
      const committed = this.committed(group, p);
      const { start, end } = this.bounds(p);
      out.push({ topic: p.topic, partition: p.partition, committed: committed === undefined ? null : String(committed), endOffset: String(end), lag: end - (committed ?? start) });
    }
    return out;
  }

  async openState(namespace: string): Promise<StateStore> {
    return new SqliteStateStore(this.db, namespace);
  }

  /** Applies retention now (also runs on a timer). */
  applyRetention(now = Date.now()): { deleted: number } {
    return this.retention.run([...this.topics.values()], now);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    // Produces queued before close are still committed.
    if (this.pending.length > 0) this.flush();
    this.closed = true;
    this.retention.stop();
    await this.checkpointer.close();
    this.db.close();
  }
}

function toRecord(topic: string, partition: number, row: RecordRow): BusRecord {
  return {
    topic,
    partition,
    offset: String(row.offset),
    key: row.key,
    value: row.value,
    headers: JSON.parse(row.headers) as Record<string, string>,
    timestamp: row.ts,
  };
}
