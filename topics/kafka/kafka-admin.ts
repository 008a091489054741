// Topic administration on Kafka from the topic catalogue: create topics with their partitions,
// cleanup.policy, retention.ms and a max.message.bytes that holds the largest record; grow
// partitions and correct configs of existing topics; describe topics with start/end offsets;
// a consumer group's lag. Topic configs go over the wire protocol (wire/), because the
// Confluent client offers no DescribeConfigs / IncrementalAlterConfigs.
import type { KafkaJS, IAdminClient } from '@confluentinc/kafka-javascript';
import type { GroupLag, TopicInfo } from '../bus.js';
import type { TopicSpec } from '../catalogue.js';
import { EdiError, coreErrors } from '../../lib/errors.js';
import { retry } from '../../lib/retry.js';
import type { KafkaClientModule } from './load-client.js';
import { type CompiledKafkaOptions, rdkafkaConnection, wireConnection } from './options.js';
import { RdKafkaCode, toBusError } from './client-errors.js';
import { kafkaJSLogger, KAFKAJS_LOG_LEVEL_WARN } from './kafka-logger.js';
import { BrokerConnection } from './wire/broker-connection.js';
import { describeTopicConfigs, setTopicConfigs } from './wire/topic-configs.js';

export interface PartitionBounds {
  partition: number;
  /** Log start offset. */
  low: bigint;
  /** High watermark (read_uncommitted) or last stable offset (read_committed). */
  high: bigint;
}

const CONFIG_KEYS = ['cleanup.policy', 'retention.ms', 'max.message.bytes'] as const;
const IsolationLevel = { READ_UNCOMMITTED: 0, READ_COMMITTED: 1 } as const;

export class KafkaAdmin {
  private readonly admin: KafkaJS.Admin;
  private connected: Promise<void> | undefined;
  private rdAdmin: IAdminClient | undefined;
  /** Partition counts of topics known to exist, with when they were learnt. */
  private readonly partitionCounts = new Map<string, { count: number; at: number }>();

  constructor(
    private readonly client: KafkaClientModule,
    kafka: KafkaJS.Kafka,
    private readonly o: CompiledKafkaOptions,
  ) {
    this.admin = kafka.admin({ kafkaJS: { logger: kafkaJSLogger(o.log, 'admin'), logLevel: KAFKAJS_LOG_LEVEL_WARN } } as KafkaJS.AdminConstructorConfig);
  }

  private async ready(): Promise<KafkaJS.Admin> {
    this.connected ??= this.admin.connect().catch((err: unknown) => {
      this.connected = undefined;
      throw toBusError(err, 'connecting the admin client');
    });
    await this.connected;
    return this.admin;
  }

  async ensureTopics(specs: readonly TopicSpec[]): Promise<Array<{ name: string; action: 'created' | 'updated' | 'unchanged' }>> {
    const admin = await this.ready();
    const listed = new Set(await admin.listTopics().catch((e: unknown) => Promise.reject(toBusError(e, 'listing topics'))));
    const results = new Map<string, 'created' | 'updated' | 'unchanged'>();
    const wanted = (spec: TopicSpec): Record<string, string> => ({
      'cleanup.policy': spec.cleanup,
      'retention.ms': String(spec.retentionMs),
    });

    // One at a time: createTopics only says whether all were new, and a topic another process
    // (or this one, a moment ago) created is checked like any existing one below.
    const present: TopicSpec[] = [];
    const created: string[] = [];
    for (const s of specs) {
      if (listed.has(s.name)) {
        present.push(s);
        continue;
      }
      let isNew: boolean;
      try {
        isNew = await admin.createTopics({
          topics: [
            {
              topic: s.name,
              numPartitions: s.partitions,
              // -1: the cluster's default.replication.factor.
              replicationFactor: -1,
              configEntries: Object.entries({ ...wanted(s), 'max.message.bytes': String(this.o.maxBatchBytes) }).map(([name, value]) => ({ name, value })),
            },
          ],
          timeout: 30_000,
        });
      } catch (err) {
        throw toBusError(err, `creating topic ${s.name}`);
      }
      if (isNew) {
        results.set(s.name, 'created');
        created.push(s.name);
      } else present.push(s);
    }
    // The controller has the new topics; wait until the brokers' metadata shows them too, so
    // that what the caller does next (produce, scan, subscribe) finds them.
    if (created.length > 0) await this.visible(created);

    if (present.length > 0) {
      const metadata = await this.visible(present.map((s) => s.name));
      const conn = await BrokerConnection.open(wireConnection(this.o));
      try {
        const configs = await describeTopicConfigs(conn, present.map((s) => s.name), CONFIG_KEYS);
        for (const spec of present) {
          let action: 'updated' | 'unchanged' = 'unchanged';
          const partitions = metadata.get(spec.name) ?? 0;
          // Like the embedded log: partitions grow but never shrink (keys would move).
          if (spec.partitions > partitions) {
            await this.createPartitions(spec.name, spec.partitions);
            this.partitionCounts.set(spec.name, { count: spec.partitions, at: Date.now() });
            action = 'updated';
          } else this.partitionCounts.set(spec.name, { count: partitions, at: Date.now() });
          const current = configs.get(spec.name) ?? new Map();
          const changes: Record<string, string> = {};
          for (const [key, value] of Object.entries(wanted(spec))) if (current.get(key)?.value !== value) changes[key] = value;
          const maxBytes = Number(current.get('max.message.bytes')?.value ?? 0);
          if (maxBytes < this.o.maxBatchBytes) changes['max.message.bytes'] = String(this.o.maxBatchBytes);
          if (Object.keys(changes).length > 0) {
            await setTopicConfigs(conn, spec.name, changes);
            action = 'updated';
          }
          results.set(spec.name, action);
        }
      } finally {
        conn.close();
      }
    }
    return specs.map((s) => ({ name: s.name, action: results.get(s.name) ?? 'unchanged' }));
  }

  /** Metadata of topics just created (or listed late), waiting briefly for it to propagate. */
  private visible(topics: readonly string[]): Promise<Map<string, number>> {
    return retry(
      () =>
        this.metadata(topics).catch((err: unknown) => {
          if (err instanceof EdiError && err.code === 'EDI_ERR_TOPIC_UNKNOWN') throw new EdiError(err.code, err.message, { retriable: true });
          throw err;
        }),
      { maxAttempts: 12, initialDelayMs: 50, maxDelayMs: 1_000, jitter: 0 },
      { operation: `waiting for ${topics.join(', ')} to appear in the cluster metadata` },
    );
  }

  /** Partition count per topic; EDI_ERR_TOPIC_UNKNOWN for a topic that does not exist. */
  async metadata(topics: readonly string[]): Promise<Map<string, number>> {
    const admin = await this.ready();
    let md: KafkaJS.ITopicMetadata[];
    try {
      md = await admin.fetchTopicMetadata({ topics: [...topics], timeout: 10_000 });
    } catch (err) {
      const code = (err as { code?: number }).code;
      if (code === RdKafkaCode.UNKNOWN_TOPIC_OR_PART || code === RdKafkaCode.LOCAL_UNKNOWN_TOPIC) {
        const known = new Set(await admin.listTopics());
        const unknown = topics.find((t) => !known.has(t)) ?? topics[0]!;
        throw coreErrors.create('EDI_ERR_TOPIC_UNKNOWN', { topic: unknown });
      }
      throw toBusError(err, `reading metadata of ${topics.join(', ')}`);
    }
    const out = new Map<string, number>();
    for (const t of md) {
      out.set(t.name, t.partitions.length);
      this.partitionCounts.set(t.name, { count: t.partitions.length, at: Date.now() });
    }
    return out;
  }

  /**
   * Partition count of a topic (produce places keys with it), cached for 30 s: partitions
   * added by another process are picked up as soon as librdkafka's own metadata would be.
   */
  async partitionCount(topic: string): Promise<number> {
    const known = this.partitionCounts.get(topic);
    if (known !== undefined && Date.now() - known.at < 30_000) return known.count;
    return (await this.metadata([topic])).get(topic)!;
  }

  async bounds(topic: string, isolation: 'read_committed' | 'read_uncommitted'): Promise<PartitionBounds[]> {
    const admin = await this.ready();
    try {
      const offsets = await admin.fetchTopicOffsets(topic, {
        timeout: 10_000,
        isolationLevel: isolation === 'read_committed' ? IsolationLevel.READ_COMMITTED : IsolationLevel.READ_UNCOMMITTED,
      } as { timeout: number; isolationLevel: KafkaJS.IsolationLevel });
      return offsets.map((o) => ({ partition: o.partition, low: BigInt(o.low), high: BigInt(o.high) })).sort((a, b) => a.partition - b.partition);
    } catch (err) {
      const code = (err as { code?: number }).code;
      if (code === RdKafkaCode.UNKNOWN_TOPIC_OR_PART || code === RdKafkaCode.LOCAL_UNKNOWN_TOPIC) throw coreErrors.create('EDI_ERR_TOPIC_UNKNOWN', { topic });
      throw toBusError(err, `reading offsets of ${topic}`);
    }
  }

  async describeTopics(names?: string[]): Promise<TopicInfo[]> {
    const admin = await this.ready();
    const topics = names ?? (await admin.listTopics()).filter((t) => !t.startsWith('__')).sort();
    if (topics.length === 0) return [];
    await this.metadata(topics);
    const conn = await BrokerConnection.open(wireConnection(this.o));
    let configs;
    try {
      configs = await describeTopicConfigs(conn, topics, CONFIG_KEYS);
    } finally {
      conn.close();
    }
    const out: TopicInfo[] = [];
    for (const name of topics) {
      const bounds = await this.bounds(name, 'read_uncommitted');
      const c = configs.get(name);
      const info: TopicInfo = {
        name,
        partitions: bounds.map((b) => ({ partition: b.partition, startOffset: String(b.low), endOffset: String(b.high) })),
      };
      const cleanup = c?.get('cleanup.policy')?.value;
      const retention = c?.get('retention.ms')?.value;
      if (cleanup) info.cleanup = cleanup;
      if (retention !== undefined && retention !== null) info.retentionMs = Number(retention);
      out.push(info);
    }
    return out;
  }

  async groupLag(group: string, topics: string[]): Promise<GroupLag[]> {
    const admin = await this.ready();
    let committed: Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }>;
    try {
      committed = await admin.fetchOffsets({ groupId: group, topics, timeout: 10_000 });
    } catch (err) {
      throw toBusError(err, `reading committed offsets of group ${group}`);
    }
    const out: GroupLag[] = [];
    for (const topic of topics) {
      const byPartition = new Map((committed.find((c) => c.topic === topic)?.partitions ?? []).map((p) => [p.partition, p.offset]));
      for (const b of await this.bounds(topic, 'read_uncommitted')) {
        const c = byPartition.get(b.partition);
        const has = c !== undefined && Number(c) >= 0;
        const from = has ? BigInt(c) : b.low;
        out.push({ topic, partition: b.partition, committed: has ? c : null, endOffset: String(b.high), lag: Number(b.high > from ? b.high - from : 0n) });
      }
    }
    return out;
  }

  /** CreatePartitions is only on the lower-level admin client. */
  private createPartitions(topic: string, total: number): Promise<void> {
    this.rdAdmin ??= this.client.AdminClient.create(rdkafkaConnection(this.o) as never);
    return new Promise((resolve, reject) => {
      this.rdAdmin!.createPartitions(topic, total, 30_000, (err) => (err ? reject(toBusError(err, `adding partitions to ${topic}`)) : resolve()));
    });
  }

  async close(): Promise<void> {
    this.rdAdmin?.disconnect();
    this.rdAdmin = undefined;
    if (this.connected !== undefined) await this.admin.disconnect().catch(() => undefined);
    this.connected = undefined;
  }
}
