// Options of the Kafka backend, compiled once into the configs of the three kinds of client it
// uses: the KafkaJS-compatible clients (producers, group consumers, admin), the lower-level
// librdkafka clients (group-less reads, partition creation) and the wire-protocol connection
// for topic configs. The SASL password is revealed only into those configs, never logged.
import type { KafkaJS } from '@confluentinc/kafka-javascript';
import type { Logger } from 'pino';
import type { Secret } from '../../lib/secret.js';
import type { ConnectionSettings } from './wire/broker-connection.js';

export interface KafkaBusOptions {
  brokers: string[];
  clientId?: string;
  ssl?: boolean;
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: Secret };
  /** Consumer group session timeout: a member silent this long loses its partitions (default 10 s). */
  sessionTimeoutMs?: number;
  /** Transactional ids are `<prefix>.<state namespaces>` (default "edi"); see transactional-writer.ts. */
  transactionalIdPrefix?: string;
  /** Largest record value accepted (default 16 MiB); topics are created to hold it. */
  maxRecordBytes?: number;
  /** Partitions of one subscription handled at the same time (default 4). */
  partitionsConsumedConcurrently?: number;
  log?: Logger;
}

export interface CompiledKafkaOptions {
  brokers: string[];
  clientId: string;
  ssl: boolean;
  sasl: KafkaBusOptions['sasl'];
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  transactionalIdPrefix: string;
  maxRecordBytes: number;
  /** librdkafka's message.max.bytes and the topics' max.message.bytes: a record plus its batch overhead. */
  maxBatchBytes: number;
  partitionsConsumedConcurrently: number;
  log: Logger | undefined;
}

export function compileOptions(o: KafkaBusOptions): CompiledKafkaOptions {
  if (o.brokers.length === 0) throw new Error('Kafka bus needs at least one broker');
  const sessionTimeoutMs = o.sessionTimeoutMs ?? 10_000;
  const maxRecordBytes = o.maxRecordBytes ?? 16 * 1024 * 1024;
  return {
    brokers: o.brokers,
    clientId: o.clientId ?? 'edi-broker',
    ssl: o.ssl ?? false,
    sasl: o.sasl,
    sessionTimeoutMs,
    // Kafka's advice: a third of the session timeout.
    heartbeatIntervalMs: Math.max(100, Math.floor(sessionTimeoutMs / 3)),
    transactionalIdPrefix: o.transactionalIdPrefix ?? 'edi',
    maxRecordBytes,
    maxBatchBytes: maxRecordBytes + 256 * 1024,
    partitionsConsumedConcurrently: o.partitionsConsumedConcurrently ?? 4,
    log: o.log,
  };
}

/** The `kafkaJS` block shared by the KafkaJS-compatible clients (brokers, security). */
export function kafkaJSConnection(o: CompiledKafkaOptions): KafkaJS.KafkaConfig {
  const block: KafkaJS.KafkaConfig = { brokers: o.brokers, clientId: o.clientId, ssl: o.ssl };
  if (o.sasl !== undefined) block.sasl = { mechanism: o.sasl.mechanism, username: o.sasl.username, password: o.sasl.password.reveal() };
  return block;
}

/** The same connection settings as librdkafka properties, for the lower-level clients. */
export function rdkafkaConnection(o: CompiledKafkaOptions): Record<string, string | number | boolean> {
  const c: Record<string, string | number | boolean> = { 'bootstrap.servers': o.brokers.join(','), 'client.id': o.clientId };
  if (o.sasl !== undefined) {
    c['security.protocol'] = o.ssl ? 'sasl_ssl' : 'sasl_plaintext';
    c['sasl.mechanisms'] = o.sasl.mechanism.toUpperCase();
    c['sasl.username'] = o.sasl.username;
    c['sasl.password'] = o.sasl.password.reveal();
  } else if (o.ssl) {
    c['security.protocol'] = 'ssl';
  }
  return c;
}

export function wireConnection(o: CompiledKafkaOptions): ConnectionSettings {
  return { brokers: o.brokers, clientId: o.clientId, ssl: o.ssl, ...(o.sasl === undefined ? {} : { sasl: o.sasl }) };
}
