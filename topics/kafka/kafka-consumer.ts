// One member of a Kafka consumer group behind Bus.subscribe: batches of one partition at a
// time in offset order (different partitions concurrently), offsets committed only after the
// handler resolved, and a failed batch not committed but delivered again after a pause. A
// partition's next batch is handed over only once the commit of the one before is durable.
//
// Built on the KafkaJS-compatible consumer's eachBatch with auto-commit and auto-resolve off.
// On a rebalance (eager, KIP-429 not used) the client lets in-flight batches finish before it
// gives partitions up, so their commits still count; a commit that fails because the group
// moved on is only logged — the new owner starts from the last committed offset
// (at-least-once).
import type { KafkaJS } from '@confluentinc/kafka-javascript';
import type { Logger } from 'pino';
import type { RecordBatch, SubscribeOptions, Subscription } from '../bus.js';
import { backoffDelay } from '../../lib/retry.js';
import type { CompiledKafkaOptions } from './options.js';
import { fromKafkaJSMessage } from './record-codec.js';
import { toBusError } from './client-errors.js';
import { kafkaJSLogger, KAFKAJS_LOG_LEVEL_WARN } from './kafka-logger.js';

/** librdkafka's ERR__ASSIGN_PARTITIONS: the rebalance callback's "assigned" (else "revoked"). */
const REBALANCE_ASSIGN = -175;

const retryDelays = { maxAttempts: Infinity, initialDelayMs: 500, maxDelayMs: 30_000, factor: 2, jitter: 0.3 };

export class KafkaSubscription implements Subscription {
  private readonly consumer: KafkaJS.Consumer;
  private paused = false;
  private closing: Promise<void> | undefined;
  /** Partitions held back after a handler failure, with their resume timers. */
  private readonly backoff = new Map<string, NodeJS.Timeout>();
  private readonly failures = new Map<string, number>();
  /** Offsets handled but whose commit did not go through, per partition. */
  private readonly pendingCommits = new Map<string, string>();
  private readonly log: Logger | undefined;

  constructor(
    kafka: KafkaJS.Kafka,
    private readonly options: SubscribeOptions,
    private readonly o: CompiledKafkaOptions,
  ) {
    this.log = o.log?.child({ group: options.group });
    this.consumer = kafka.consumer({
      kafkaJS: {
        groupId: options.group,
        fromBeginning: options.fromBeginning ?? true,
        autoCommit: false,
        sessionTimeout: o.sessionTimeoutMs,
        heartbeatInterval: o.heartbeatIntervalMs,
        allowAutoTopicCreation: false,
        logger: kafkaJSLogger(o.log, `consumer:${options.group}`),
        logLevel: KAFKAJS_LOG_LEVEL_WARN,
      },
      'js.consumer.max.batch.size': options.maxBatchRecords ?? 500,
      // Only to log what the group did; the client then applies the assignment itself.
      rebalance_cb: (err: { code: number }, assignment: Array<{ topic: string; partition: number }>) => {
        const what = err.code === REBALANCE_ASSIGN ? 'assigned' : 'revoked';
        this.log?.info({ partitions: assignment.map((a) => `${a.topic}/${a.partition}`) }, `consumer group rebalance: partitions ${what}`);
      },
      'isolation.level': 'read_committed',
      'fetch.max.bytes': Math.max(52_428_800, o.maxBatchBytes),
      'receive.message.max.bytes': Math.max(52_428_800, o.maxBatchBytes) + 65_536,
    } as KafkaJS.ConsumerConstructorConfig);
  }

  async start(): Promise<void> {
    try {
      await this.consumer.connect();
      await this.consumer.subscribe({ topics: this.options.topics });
      await this.consumer.run({
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.o.partitionsConsumedConcurrently,
        eachBatch: (payload) => this.onBatch(payload),
      });
    } catch (err) {
      await this.consumer.disconnect().catch(() => undefined);
      throw toBusError(err, `subscribing group ${this.options.group} to ${this.options.topics.join(', ')}`);
    }
  }

  private async onBatch({ batch, resolveOffset, pause }: KafkaJS.EachBatchPayload): Promise<void> {
    const key = `${batch.topic}:${batch.partition}`;
    // Paused, closing, or held back: leave it unresolved, so the client seeks back to it.
    if (this.paused || this.closing !== undefined || this.backoff.has(key)) {
      if (this.paused && this.closing === undefined) pause();
      return;
    }
    // The previous batch's commit did not go through: commit it before handing over more, so
    // that a crash never redelivers a batch after a later one was handled.
    const pending = this.pendingCommits.get(key);
    if (pending !== undefined) {
      if (batch.messages[0]!.offset === pending && !(await this.commit(batch.topic, batch.partition, pending))) {
        this.holdBack(key, batch.topic, batch.partition, pause);
        return;
      }
      // Committed now, or the position moved (the partition came back at its committed offset).
      this.pendingCommits.delete(key);
    }
    const records = batch.messages.map((m) => fromKafkaJSMessage(batch.topic, batch.partition, m));
    const view: RecordBatch = { topic: batch.topic, partition: batch.partition, records };
    try {
      await this.options.handler(view);
    } catch (err) {
      this.log?.warn({ err, topic: batch.topic, partition: batch.partition }, 'handler failed; batch not committed, delivering it again');
      this.holdBack(key, batch.topic, batch.partition, pause);
      return;
    }
    this.failures.delete(key);
    const last = batch.messages[batch.messages.length - 1]!.offset;
    resolveOffset(last);
    const next = String(BigInt(last) + 1n);
    if (!(await this.commit(batch.topic, batch.partition, next))) this.pendingCommits.set(key, next);
  }

  /**
   * Commits and proves the commit durable. The client's commitOffsets() only queues it
   * (librdkafka's commitAsync), so the committed offset is read back from the group
   * coordinator: that request follows the commit on the same connection, and the broker
   * answers requests of a connection in order.
   */
  private async commit(topic: string, partition: number, next: string): Promise<boolean> {
    try {
      await this.consumer.commitOffsets([{ topic, partition, offset: next }]);
      const [stored] = await this.consumer.committed([{ topic, partition }], 10_000);
      if (stored !== undefined && BigInt(stored.offset) >= BigInt(next)) return true;
      this.log?.warn({ topic, partition, offset: next, committed: stored?.offset }, 'offset commit was not applied (a rebalance?); committing again before the next batch');
    } catch (err) {
      // Revoked meanwhile, or the coordinator moved: retried before this partition's next
      // batch; a member that takes the partition over starts at the last committed offset.
      this.log?.warn({ err: toBusError(err, 'committing offsets'), topic, partition, offset: next }, 'offset commit failed; committing again before the next batch');
    }
    return false;
  }

  /** Leaves the batch unresolved (the client seeks back to it) and pauses its partition a while. */
  private holdBack(key: string, topic: string, partition: number, pause: () => (() => void) | undefined): void {
    const failures = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, failures);
    const delayMs = backoffDelay(retryDelays, failures);
    const resume = pause();
    this.backoff.set(
      key,
      setTimeout(() => {
        this.backoff.delete(key);
        if (!this.paused && this.closing === undefined) this.resumeAssigned([{ topic, partition }], resume);
      }, delayMs),
    );
  }

  /** Resumes those of the given partitions this member still owns. */
  private resumeAssigned(parts: Array<{ topic: string; partition: number }>, resume?: () => void): void {
    const owned = new Set(this.assignments().map((a) => `${a.topic}:${a.partition}`));
    const mine = parts.filter((p) => owned.has(`${p.topic}:${p.partition}`));
    if (mine.length === 0) return;
    try {
      if (resume !== undefined && mine.length === parts.length) resume();
      else this.consumer.resume(mine.map((p) => ({ topic: p.topic, partitions: [p.partition] })));
    } catch (err) {
      this.log?.warn({ err }, 'resuming partitions failed');
    }
  }

  pause(): void {
    this.paused = true;
    try {
      this.consumer.pause(this.options.topics.map((topic) => ({ topic })));
    } catch {
      // Not connected yet: batches arriving later see `paused` and pause their partition.
    }
  }

  resume(): void {
    this.paused = false;
    const held = new Set(this.backoff.keys());
    this.resumeAssigned(this.assignments().filter((a) => !held.has(`${a.topic}:${a.partition}`)));
  }

  assignments(): Array<{ topic: string; partition: number }> {
    try {
      return this.consumer.assignment().map((a) => ({ topic: a.topic, partition: a.partition }));
    } catch {
      return [];
    }
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const t of this.backoff.values()) clearTimeout(t);
      this.backoff.clear();
      for (const [key, next] of this.pendingCommits) {
        const i = key.lastIndexOf(':');
        await this.commit(key.slice(0, i), Number(key.slice(i + 1)), next);
      }
      // Waits for in-flight batches (and their commits), then leaves the group.
      await this.consumer.disconnect().catch((err: unknown) => this.log?.warn({ err }, 'consumer disconnect failed'));
    })();
    return this.closing;
  }
}
