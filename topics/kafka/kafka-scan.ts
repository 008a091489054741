// Reading partitions without a consumer group (Bus.scan, state materialisation): the
// KafkaJS-compatible consumer can only subscribe as a group member, so this uses the same
// package's lower-level librdkafka consumer with assign(). read_committed: records of aborted
// transactions are skipped, and the reader stops at the last stable offset seen at the start.
import type { KafkaConsumer, Message } from '@confluentinc/kafka-javascript';
import { coreErrors } from '../../lib/errors.js';
import type { BusRecord } from '../record.js';
import type { KafkaClientModule } from './load-client.js';
import { type CompiledKafkaOptions, rdkafkaConnection } from './options.js';
import { fromRdKafkaMessage } from './record-codec.js';
import { toBusError } from './client-errors.js';

export interface PartitionRange {
  topic: string;
  partition: number;
  /** First offset to read (inclusive). */
  from: bigint;
  /** Stop before this offset. */
  to: bigint;
}

/** How long a read may go without any progress before it fails (a broker gone away). */
const STALL_MS = 30_000;

export async function* readPartitions(client: KafkaClientModule, o: CompiledKafkaOptions, ranges: readonly PartitionRange[], maxRecords = Infinity): AsyncGenerator<BusRecord> {
  const open = new Map(ranges.filter((r) => r.from < r.to).map((r) => [`${r.topic}:${r.partition}`, r]));
  if (open.size === 0 || maxRecords <= 0) return;
  const consumer = new client.KafkaConsumer(
    {
      ...rdkafkaConnection(o),
      // Required by librdkafka's consumer, never joined: partitions are assigned, not subscribed.
      'group.id': `${o.clientId}.scan`,
      'enable.auto.commit': false,
      'enable.auto.offset.store': false,
      'isolation.level': 'read_committed',
      'fetch.max.bytes': Math.max(52_428_800, o.maxBatchBytes),
      'receive.message.max.bytes': Math.max(52_428_800, o.maxBatchBytes) + 65_536,
      log_level: 3,
    } as never,
    {},
  ) as KafkaConsumer;
  consumer.on('event.error', () => {
    /* surfaced by consume() */
  });
  await new Promise<void>((resolve, reject) => consumer.connect({ timeout: 10_000 }, (err) => (err ? reject(toBusError(err, 'connecting a reader')) : resolve())));
  try {
    consumer.assign([...open.values()].map((r) => ({ topic: r.topic, partition: r.partition, offset: Number(r.from) })));
    consumer.setDefaultConsumeTimeout(200);
    let remaining = maxRecords;
    let lastProgress = Date.now();
    while (open.size > 0 && remaining > 0) {
      const messages = await new Promise<Message[]>((resolve, reject) =>
        consumer.consume(Math.min(500, remaining), (err, m) => (err ? reject(toBusError(err, 'reading records')) : resolve(m))),
      );
      for (const m of messages) {
        const range = open.get(`${m.topic}:${m.partition}`);
        if (range === undefined || BigInt(m.offset) >= range.to) continue;
        lastProgress = Date.now();
        yield fromRdKafkaMessage(m);
        if (--remaining <= 0) return;
      }
      // The position moves past transaction markers and aborted records, which never arrive
      // as messages; a partition is done when its position reaches the end seen at the start.
      for (const p of consumer.position([...open.values()].map((r) => ({ topic: r.topic, partition: r.partition })))) {
        const range = open.get(`${p.topic}:${p.partition}`);
        if (range !== undefined && p.offset >= 0 && BigInt(p.offset) >= range.to) {
          open.delete(`${p.topic}:${p.partition}`);
          lastProgress = Date.now();
        }
      }
      if (Date.now() - lastProgress > STALL_MS) {
        throw coreErrors.create('EDI_ERR_TIMEOUT', { operation: `reading ${[...open.keys()].join(', ')}`, ms: STALL_MS });
      }
    }
  } finally {
    await new Promise<void>((resolve) => consumer.disconnect(() => resolve()));
  }
}
