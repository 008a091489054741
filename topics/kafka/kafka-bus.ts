// The Bus on Apache Kafka with @confluentinc/kafka-javascript (its KafkaJS-compatible API;
// the lower-level librdkafka API where that one has no equivalent: group-less reads and
// partition creation). Records are checked before anything is sent (known topic, size), so
// a bad record fails alone with the same error codes as on the embedded log.
import type { KafkaJS } from '@confluentinc/kafka-javascript';
import type { Bus, GroupLag, ProduceOptions, ScanOptions, SubscribeOptions, Subscription, TopicInfo } from '../bus.js';
import type { TopicSpec } from '../catalogue.js';
import { stateTopicSpec } from '../catalogue.js';
import type { BusRecord, OutgoingRecord, ProducedRecord } from '../record.js';
import type { StateStore, StateWrite } from '../state-store.js';
import { coreErrors } from '../../lib/errors.js';
import type { KafkaClientModule } from './load-client.js';
import { type CompiledKafkaOptions, kafkaJSConnection } from './options.js';
import { KafkaAdmin } from './kafka-admin.js';
import { type Placed, RecordProducer } from './kafka-producer.js';
import { partitionForKey } from '../partitioner.js';
import { TransactionalWriter } from './transactional-writer.js';
import { KafkaSubscription } from './kafka-consumer.js';
import { readPartitions } from './kafka-scan.js';
import { KafkaStateStore, type PreparedStateWrite } from './kafka-state-store.js';
import { KeyedLock } from './keyed-lock.js';
import { toBusError } from './client-errors.js';

export class KafkaBus implements Bus {
  readonly kind = 'kafka' as const;
  private readonly kafka: KafkaJS.Kafka;
  private readonly admin: KafkaAdmin;
  private readonly producer: RecordProducer;
  private readonly writers = new Map<string, TransactionalWriter>();
  private readonly stores = new Map<string, Promise<KafkaStateStore>>();
  private readonly subscriptions = new Set<KafkaSubscription>();
  private readonly stateLock = new KeyedLock();
  private readonly roundRobin = new Map<string, number>();
  private closed = false;

  constructor(
    private readonly client: KafkaClientModule,
    private readonly o: CompiledKafkaOptions,
  ) {
    this.kafka = new client.KafkaJS.Kafka({ kafkaJS: kafkaJSConnection(o) });
    this.admin = new KafkaAdmin(client, this.kafka, o);
    this.producer = new RecordProducer(this.kafka, o);
  }

  ensureTopics(specs: readonly TopicSpec[]): Promise<Array<{ name: string; action: 'created' | 'updated' | 'unchanged' }>> {
    this.assertOpen();
    return this.admin.ensureTopics(specs);
  }

  async produce(records: OutgoingRecord[], options?: ProduceOptions): Promise<ProducedRecord[]> {
    this.assertOpen();
    const placed = await this.place(records);
    const writes = options?.state ?? [];
    if (writes.length === 0) {
      try {
        return await this.producer.produce(placed);
      } catch (err) {
        throw toBusError(err, `producing ${records.length} record(s)`);
      }
    }
    return this.produceWithState(placed, writes);
  }

  /**
   * The checks the embedded log makes before writing (a known topic, a size within limits),
   * and the partition of each record: Kafka's murmur2 of the key (topics/partitioner.ts, the
   * same as the embedded log's), round robin without a key, or the record's own.
   */
  private async place(records: readonly OutgoingRecord[]): Promise<Placed[]> {
    const counts = new Map<string, number>();
    for (const topic of new Set(records.map((r) => r.topic))) counts.set(topic, await this.admin.partitionCount(topic));
    return records.map((r) => {
      const size = r.value?.length ?? 0; // null: a tombstone (state delete)
      if (size > this.o.maxRecordBytes) throw coreErrors.create('EDI_ERR_RECORD_TOO_LARGE', { size, limit: this.o.maxRecordBytes, topic: r.topic });
      if (r.partition !== undefined) return r as Placed;
      const n = counts.get(r.topic)!;
      if (r.key !== null) return { ...r, partition: partitionForKey(r.key, n) };
      const next = ((this.roundRobin.get(r.topic) ?? -1) + 1) % n;
      this.roundRobin.set(r.topic, next);
      return { ...r, partition: next };
    });
  }

  private async produceWithState(records: Placed[], writes: readonly StateWrite[]): Promise<ProducedRecord[]> {
    const namespaces = [...new Set(writes.map((w) => w.namespace))].sort();
    const stores = new Map<string, KafkaStateStore>();
    for (const ns of namespaces) stores.set(ns, await this.store(ns));
    const release = await this.stateLock.acquire(writes.map((w) => stores.get(w.namespace)!.lockKey(w.key)));
    try {
      // Several writes to one key in one produce: each builds on the version before it.
      const prepared: PreparedStateWrite[] = [];
      const versions = new Map<string, number>();
      for (const w of writes) {
        const store = stores.get(w.namespace)!;
        const lockKey = store.lockKey(w.key);
        const base = versions.get(lockKey) ?? store.version(w.key);
        prepared.push(store.prepare(w.key, w.value, base));
        versions.set(lockKey, w.value === undefined ? 0 : base + 1);
      }
      const produced = await this.writer(namespaces).submit(records, await this.place(prepared.map((p) => p.record)));
      // The in-memory views change only once the transaction has committed.
      for (const p of prepared) p.apply();
      return produced;
    } finally {
      release();
    }
  }

  private writer(namespaces: string[]): TransactionalWriter {
    const id = `${this.o.transactionalIdPrefix}.${namespaces.join('+')}`;
    let w = this.writers.get(id);
    if (w === undefined) {
      w = new TransactionalWriter(this.kafka, this.o, id, namespaces);
      this.writers.set(id, w);
    }
    return w;
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    this.assertOpen();
    await this.admin.metadata(options.topics);
    const sub = new KafkaSubscription(this.kafka, options, this.o);
    await sub.start();
    this.subscriptions.add(sub);
    const close = sub.close.bind(sub);
    sub.close = async () => {
      await close();
      this.subscriptions.delete(sub);
    };
    return sub;
  }

  async *scan(topic: string, options: ScanOptions = {}): AsyncIterable<BusRecord> {
    this.assertOpen();
    const bounds = await this.admin.bounds(topic, 'read_committed');
    const ranges = bounds.map((b) => {
      const requested = options.fromOffsets?.[b.partition];
      const from = requested === undefined ? b.low : BigInt(requested) > b.low ? BigInt(requested) : b.low;
      return { topic, partition: b.partition, from, to: b.high };
    });
    yield* readPartitions(this.client, this.o, ranges, options.maxRecords);
  }

  describeTopics(names?: string[]): Promise<TopicInfo[]> {
    this.assertOpen();
    return this.admin.describeTopics(names);
  }

  groupLag(group: string, topics: string[]): Promise<GroupLag[]> {
    this.assertOpen();
    return this.admin.groupLag(group, topics);
  }

  openState(namespace: string): Promise<StateStore> {
    this.assertOpen();
    return this.store(namespace);
  }

  /** One materialised store per namespace and bus; failed opens are retried on next use. */
  private store(namespace: string): Promise<KafkaStateStore> {
    let s = this.stores.get(namespace);
    if (s === undefined) {
      s = this.materialise(namespace);
      this.stores.set(namespace, s);
      s.catch(() => this.stores.get(namespace) === s && this.stores.delete(namespace));
    }
    return s;
  }

  private async materialise(namespace: string): Promise<KafkaStateStore> {
    const spec = stateTopicSpec(namespace);
    await this.admin.ensureTopics([spec]);
    const store = new KafkaStateStore(namespace, this.stateLock, async (records) => this.producer.produce(await this.place(records)));
    const bounds = await this.admin.bounds(spec.name, 'read_committed');
    for await (const r of readPartitions(
      this.client,
      this.o,
      bounds.map((b) => ({ topic: spec.name, partition: b.partition, from: b.low, to: b.high })),
    )) {
      store.load(r);
    }
    return store;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await Promise.all([...this.writers.values()].map((w) => w.close()));
    await this.producer.close();
    await this.admin.close();
  }

  private assertOpen(): void {
    if (this.closed) throw coreErrors.create('EDI_ERR_SHUTTING_DOWN');
  }
}
