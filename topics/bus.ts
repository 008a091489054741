// The Bus: one small interface over the embedded log and Apache Kafka (DESIGN.md).
import type { BusRecord, OutgoingRecord, ProducedRecord } from './record.js';
import type { StateStore, StateWrite } from './state-store.js';
import type { TopicSpec } from './catalogue.js';

export interface RecordBatch {
  topic: string;
  partition: number;
  /** In offset order; all from one partition. */
  records: BusRecord[];
}

export interface SubscribeOptions {
  /** Consumer group: members of one group share the partitions. */
  group: string;
  topics: string[];
  /**
   * Called with batches of one partition at a time, in order. Offsets are committed only
   * after it resolves, so outputs it produced (and awaited) are durable first. If it throws,
   * nothing is committed and the batch is delivered again after a pause.
   */
  handler: (batch: RecordBatch) => Promise<void>;
  maxBatchRecords?: number;
  /** Where a group without a committed offset starts; default earliest (lose nothing). */
  fromBeginning?: boolean;
}

export interface Subscription {
  /** Stop fetching (backpressure); in-flight batches finish. */
  pause(): void;
  resume(): void;
  /** Partitions this member currently owns. */
  assignments(): Array<{ topic: string; partition: number }>;
  /** Leave the group after the in-flight batch is handled and committed. */
  close(): Promise<void>;
}

export interface ProduceOptions {
  /** State writes committed atomically with the records (exactly-once intake, KIP-618 style). */
  state?: StateWrite[];
}

export interface PartitionInfo {
  partition: number;
  /** Offset of the next record to be written (the "high watermark"). */
  endOffset: string;
  startOffset: string;
}

export interface TopicInfo {
  name: string;
  partitions: PartitionInfo[];
  cleanup?: string;
  retentionMs?: number;
}

export interface GroupLag {
  topic: string;
  partition: number;
  committed: string | null;
  endOffset: string;
  lag: number;
}

export interface ScanOptions {
  /** Start per partition (inclusive); default the start of each partition. */
  fromOffsets?: Record<number, string>;
  maxRecords?: number;
}

export interface Bus {
  readonly kind: 'embedded' | 'kafka';
  /** Creates missing topics and updates partitions / retention of existing ones. */
  ensureTopics(specs: readonly TopicSpec[]): Promise<Array<{ name: string; action: 'created' | 'updated' | 'unchanged' }>>;
  /** Resolves only when every record is durable (fsync / acks=all), in input order. */
  produce(records: OutgoingRecord[], options?: ProduceOptions): Promise<ProducedRecord[]>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /**
   * Reads a topic without a consumer group from the given offsets up to the end offsets
   * seen when the scan starts (replay, tracking index, reconciliation).
   */
  scan(topic: string, options?: ScanOptions): AsyncIterable<BusRecord>;
  describeTopics(names?: string[]): Promise<TopicInfo[]>;
  groupLag(group: string, topics: string[]): Promise<GroupLag[]>;
  /** A state store for one component (namespace), durable like the log. */
  openState(namespace: string): Promise<StateStore>;
  close(): Promise<void>;
}
