// One member of a consumer group on the embedded log: a worker per owned partition hands
// batches to the handler in offset order and commits (fenced by the lease) only after the
// handler resolved. A failed batch is not committed and is handed over again after a pause.
import type { Logger } from 'pino';
import type { RecordBatch, SubscribeOptions, Subscription } from '../bus.js';
import type { BusRecord } from '../record.js';
import { GroupLeases, newMemberId, type PartitionRef } from './group-leases.js';
import { backoffDelay } from '../../lib/retry.js';

/** What the consumer needs from the log. */
export interface LogAccess {
  partitionsOf(topics: string[]): PartitionRef[];
  fetch(p: PartitionRef, fromOffset: number, maxRecords: number, maxBytes: number): BusRecord[];
  committed(group: string, p: PartitionRef): number | undefined;
  /** Commits if the lease is still held; false when the partition was lost. */
  commit(group: string, p: PartitionRef, nextOffset: number, leases: GroupLeases): boolean;
  bounds(p: PartitionRef): { start: number; end: number };
  /** Resolves at the next append to the topic (this process) or after ms (other processes). */
  waitForAppend(topic: string, ms: number, abort: AbortSignal): Promise<void>;
  leases(group: string, member: string): GroupLeases;
  onGroupChange(group: string, fn: () => void): () => void;
  notifyGroupChange(group: string): void;
}

export interface ConsumerTiming {
  sessionTimeoutMs: number;
  heartbeatMs: number;
  pollMs: number;
  maxBatchBytes: number;
}

const keyOf = (p: PartitionRef): string => `${p.topicId}:${p.partition}`;

export class EmbeddedConsumer implements Subscription {
  private readonly member = newMemberId();
  private readonly leases: GroupLeases;
  private readonly workers = new Map<string, PartitionWorker>();
  private timer: NodeJS.Timeout | undefined;
  private paused = false;
  private closed = false;
  private readonly resumeWaiters = new Set<() => void>();
  private unlisten: (() => void) | undefined;

  constructor(
    private readonly log: LogAccess,
    private readonly options: SubscribeOptions,
    private readonly timing: ConsumerTiming,
    private readonly logger: Logger | undefined,
  ) {
    this.leases = log.leases(options.group, this.member);
  }

  start(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.timing.heartbeatMs);
    this.timer.unref();
    this.unlisten = this.log.onGroupChange(this.options.group, () => setImmediate(() => this.tick()));
    this.log.notifyGroupChange(this.options.group);
  }

  private tick(): void {
    if (this.closed) return;
    let decision;
    try {
      const partitions = this.log.partitionsOf(this.options.topics);
      decision = this.leases.rebalance(partitions, (p) => this.workers.get(keyOf(p))?.busy ?? false);
    } catch (err) {
      this.logger?.warn({ err, group: this.options.group }, 'embedded consumer group heartbeat failed; will retry');
      return;
    }
    const revoked = new Set(decision.revoke.map(keyOf));
    const owned = new Set(decision.owned.map(keyOf));
    let changed = false;
    for (const p of decision.owned) {
      const k = keyOf(p);
      if (!revoked.has(k) && !this.workers.has(k)) {
        const worker = new PartitionWorker(p, this);
        this.workers.set(k, worker);
        void worker.run().finally(() => {
          if (this.workers.get(k) === worker) this.workers.delete(k);
          // Give the lease up as soon as the last batch is committed.
          if (!this.closed) setImmediate(() => this.tick());
        });
        changed = true;
      }
    }
    for (const [k, worker] of this.workers) {
      if (revoked.has(k) || !owned.has(k)) {
        worker.stop();
        changed = true;
      }
    }
    if (changed) this.log.notifyGroupChange(this.options.group);
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    for (const wake of this.resumeWaiters) wake();
    this.resumeWaiters.clear();
  }

  assignments(): Array<{ topic: string; partition: number }> {
    return [...this.workers.values()].map((w) => ({ topic: w.p.topic, partition: w.p.partition }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.unlisten?.();
    const running = [...this.workers.values()];
    for (const w of running) w.stop();
    this.resume();
    await Promise.all(running.map((w) => w.done));
    this.leases.leave();
    this.log.notifyGroupChange(this.options.group);
  }

  // --- used by PartitionWorker ---
  get group(): string {
    return this.options.group;
  }
  get access(): LogAccess {
    return this.log;
  }
  get subscribe(): SubscribeOptions {
    return this.options;
  }
  get settings(): ConsumerTiming {
    return this.timing;
  }
  get groupLeases(): GroupLeases {
    return this.leases;
  }
  get warn(): Logger['warn'] | undefined {
    return this.logger?.warn.bind(this.logger);
  }
  isPaused(): boolean {
    return this.paused;
  }
  waitForResume(abort: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (!this.paused || abort.aborted) return resolve();
      this.resumeWaiters.add(resolve);
      abort.addEventListener('abort', () => resolve(), { once: true });
    });
  }
}

class PartitionWorker {
  busy = false;
  private readonly abort = new AbortController();
  done: Promise<void> = Promise.resolve();

  constructor(
    readonly p: PartitionRef,
    private readonly c: EmbeddedConsumer,
  ) {}

  stop(): void {
    this.abort.abort();
  }

  run(): Promise<void> {
    this.done = this.loop();
    return this.done;
  }

  private startPosition(): number {
    const committed = this.c.access.committed(this.c.group, this.p);
    if (committed !== undefined) return committed;
    const { start, end } = this.c.access.bounds(this.p);
    if (this.c.subscribe.fromBeginning === false) {
      // "latest": remember the starting point so a later reassignment does not skip records.
      this.c.access.commit(this.c.group, this.p, end, this.c.groupLeases);
      return end;
    }
    return start;
  }

  private async loop(): Promise<void> {
    const signal = this.abort.signal;
    const maxRecords = this.c.subscribe.maxBatchRecords ?? 500;
    let position = this.startPosition();
    let failures = 0;
    while (!signal.aborted) {
      if (this.c.isPaused()) {
        await this.c.waitForResume(signal);
        continue;
      }
      const records = this.c.access.fetch(this.p, position, maxRecords, this.c.settings.maxBatchBytes);
      if (records.length === 0) {
        // A retention run may have removed records below our position.
        const { start } = this.c.access.bounds(this.p);
        if (position < start) position = start;
        await this.c.access.waitForAppend(this.p.topic, this.c.settings.pollMs, signal);
        continue;
      }
      const batch: RecordBatch = { topic: this.p.topic, partition: this.p.partition, records };
      this.busy = true;
      try {
        await this.c.subscribe.handler(batch);
        const next = Number(records[records.length - 1]!.offset) + 1;
        if (!this.c.access.commit(this.c.group, this.p, next, this.c.groupLeases)) {
          this.c.warn?.({ group: this.c.group, topic: this.p.topic, partition: this.p.partition }, 'partition lost to another member before commit; its records will be handled again there');
          return;
        }
        position = next;
        failures = 0;
      } catch (err) {
        failures++;
        const delay = backoffDelay({ maxAttempts: Infinity, initialDelayMs: 500, maxDelayMs: 30_000, factor: 2, jitter: 0.3 }, failures);
        this.c.warn?.({ err, group: this.c.group, topic: this.p.topic, partition: this.p.partition, delayMs: delay }, 'handler failed; batch not committed, delivering it again');
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, delay);
          signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
        });
      } finally {
        this.busy = false;
      }
    }
  }
}
