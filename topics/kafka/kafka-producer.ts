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

/**
 * Sends records one message per send() so that each gets its own partition and offset back
 * (send() reports one base offset per partition). All sends are issued before the first
 * await, so the records enter librdkafka's queues in input order.
 */
export async function sendRecords(producer: KafkaJS.Producer, records: readonly OutgoingRecord[]): Promise<ProducedRecord[]> {
  const sends = records.map((r) => producer.send({ topic: r.topic, messages: [toMessage(r)] }));
  const results = await Promise.all(sends);
  return results.map((meta, i) => {
    const m = meta[0]!;
    return { topic: records[i]!.topic, partition: m.partition, offset: String(m.baseOffset ?? m.offset) };
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

  async produce(records: readonly OutgoingRecord[]): Promise<ProducedRecord[]> {
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
