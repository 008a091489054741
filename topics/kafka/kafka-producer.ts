// The bus's everyday producer: idempotent (KIP-98: no duplicates or reordering on retries),
// acks=all, so a produce resolves only once every in-sync replica has the records.
import type { KafkaJS } from '@confluentinc/kafka-javascript';
import type { OutgoingRecord, ProducedRecord } from '../record.js';
import type { CompiledKafkaOptions } from './options.js';
import { toMessage } from './record-codec.js';
import { toBusError } from './client-errors.js';
import { kafkaJSLogger, KAFKAJS_LOG_LEVEL_WARN } from './kafka-logger.js';

/** librdkafka settings both producers share (batching, size limit). */
export function producerTuning(o: CompiledKafkaOptions): Record<string, string | number | boolean> {
  return {
    // A few ms of batching: many small intake records share one request.
    'linger.ms': 5,
    'message.max.bytes': o.maxBatchBytes,
    'compression.type': 'lz4',
  };
}

export function producerConfig(o: CompiledKafkaOptions, extra: Record<string, unknown>, name: string): KafkaJS.ProducerConstructorConfig {
  return {
    kafkaJS: { idempotent: true, acks: -1, allowAutoTopicCreation: false, logger: kafkaJSLogger(o.log, name), logLevel: KAFKAJS_LOG_LEVEL_WARN, ...extra },
    ...producerTuning(o),
  } as KafkaJS.ProducerConstructorConfig;
}

/** Where each record goes: its explicit partition, or one the bus chose (see KafkaBus.place). */
export type Placed = OutgoingRecord & { partition: number };

/**
 * Sends records with one send() per topic and returns each record's partition and offset.
 * send() reports only the first offset per partition, but all messages of one call enter
 * librdkafka's partition queues synchronously, in input order, and the idempotent producer
 * keeps that order without gaps from retries (KIP-98 sequence numbers), so the records of one
 * partition in one call sit at consecutive offsets from that first one.
 */
export async function sendRecords(producer: KafkaJS.Producer, records: readonly Placed[]): Promise<ProducedRecord[]> {
  const byTopic = new Map<string, KafkaJS.Message[]>();
  const rank: number[] = [];
  const counts = new Map<string, number>();
  for (const r of records) {
    const k = `${r.partition}:${r.topic}`;
    const n = counts.get(k) ?? 0;
    counts.set(k, n + 1);
    rank.push(n);
    let messages = byTopic.get(r.topic);
    if (messages === undefined) byTopic.set(r.topic, (messages = []));
    messages.push(toMessage(r));
  }
  const results = await Promise.all([...byTopic].map(([topic, messages]) => producer.send({ topic, messages })));
  const base = new Map<string, bigint>();
  for (const meta of results.flat()) base.set(`${meta.partition}:${meta.topicName}`, BigInt(meta.baseOffset ?? meta.offset ?? '-1'));
  return records.map((r, i) => {
    const first = base.get(`${r.partition}:${r.topic}`);
    if (first === undefined || first < 0n) throw new Error(`no offset reported for ${r.topic}/${r.partition}`);
    return { topic: r.topic, partition: r.partition, offset: String(first + BigInt(rank[i]!)) };
  });
}

export class RecordProducer {
  private readonly producer: KafkaJS.Producer;
  private connected: Promise<void> | undefined;

  constructor(kafka: KafkaJS.Kafka, o: CompiledKafkaOptions) {
    this.producer = kafka.producer(producerConfig(o, {}, 'producer'));
  }

  private ready(): Promise<void> {
    this.connected ??= this.producer.connect().catch((err: unknown) => {
      this.connected = undefined;
      throw toBusError(err, 'connecting the producer');
    });
    return this.connected;
  }

  async produce(records: readonly Placed[]): Promise<ProducedRecord[]> {
    await this.ready();
    return sendRecords(this.producer, records);
  }

  async close(): Promise<void> {
    if (this.connected === undefined) return;
    await this.producer.flush({ timeout: 10_000 }).catch(() => undefined);
    await this.producer.disconnect().catch(() => undefined);
    this.connected = undefined;
  }
}
