// Bus records to and from the Kafka client's messages. Headers are strings on the bus and
// UTF-8 bytes on the wire; a repeated header (not written by the bus) keeps its last value.
import type { KafkaJS, Message as RdMessage } from '@confluentinc/kafka-javascript';
import type { Headers } from '../headers.js';
import type { BusRecord, OutgoingRecord } from '../record.js';

export function toMessage(r: OutgoingRecord): KafkaJS.Message {
  const m: KafkaJS.Message = { key: r.key, value: r.value, headers: { ...r.headers } };
  if (r.partition !== undefined) m.partition = r.partition;
  return m;
}

function headerText(v: unknown): string {
  if (Array.isArray(v)) return headerText(v[v.length - 1]);
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  return v === undefined || v === null ? '' : String(v);
}

/** A message of the KafkaJS-compatible consumer. */
export function fromKafkaJSMessage(topic: string, partition: number, m: KafkaJS.KafkaMessage): BusRecord {
  const headers: Headers = {};
  for (const [k, v] of Object.entries(m.headers ?? {})) headers[k] = headerText(v);
  return {
    topic,
    partition,
    offset: m.offset,
    key: m.key === null || m.key === undefined ? null : m.key.toString('utf8'),
    value: m.value ?? Buffer.alloc(0),
    headers,
    timestamp: Number(m.timestamp),
  };
}

/** A message of the lower-level (librdkafka) consumer. */
export function fromRdKafkaMessage(m: RdMessage): BusRecord {
  const headers: Headers = {};
  for (const h of m.headers ?? []) for (const [k, v] of Object.entries(h)) headers[k] = headerText(v);
  return {
    topic: m.topic,
    partition: m.partition,
    offset: String(m.offset),
    key: m.key === null || m.key === undefined ? null : Buffer.isBuffer(m.key) ? m.key.toString('utf8') : String(m.key),
    value: m.value ?? Buffer.alloc(0),
    headers,
    timestamp: m.timestamp ?? 0,
  };
}
