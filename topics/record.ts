import { newId, sha256Hex } from '../lib/ids.js';
import { H, type Headers } from './headers.js';

/** A record to be produced. The value is the payload's bytes, unchanged. */
export interface OutgoingRecord {
  topic: string;
  key: string | null;
  value: Buffer;
  headers: Headers;
  /** Explicit partition; otherwise chosen by key hash (or round robin when the key is null). */
  partition?: number;
}

/** A record as read from the bus. */
export interface BusRecord {
  topic: string;
  partition: number;
  /** Kafka offsets are int64: kept as a decimal string. */
  offset: string;
  key: string | null;
  value: Buffer;
  headers: Headers;
  /** Append time, ms since the epoch. */
  timestamp: number;
}

export interface ProducedRecord {
  topic: string;
  partition: number;
  offset: string;
}

export interface IntakeInfo {
  topic: string;
  key: string | null;
  value: Buffer;
  /** connector id and original name: "inbox-papinet:DM-1001.xml" */
  source: string;
  contentType: string;
  schema?: string;
  correlationId?: string;
  extraHeaders?: Headers;
  /** Keep an id assigned earlier (e.g. a retried HTTP request with an Idempotency-Key). */
  id?: string;
  /** Hex SHA-256 of value when the connector computed it already (the folder inbox hashes each file for its duplicate check). */
  sha256?: string;
}

/** Builds the record a connector hands to the bus at intake: the one place edi-id is assigned. */
export function intakeRecord(info: IntakeInfo, now = new Date()): OutgoingRecord {
  const id = info.id ?? newId();
  const headers: Headers = {
    ...info.extraHeaders,
    [H.id]: id,
    [H.correlationId]: info.correlationId ?? id,
    [H.source]: info.source,
    [H.receivedAt]: now.toISOString(),
    [H.contentType]: info.contentType,
    [H.sha256]: info.sha256 ?? sha256Hex(info.value),
  };
  if (info.schema !== undefined) headers[H.schema] = info.schema;
  return { topic: info.topic, key: info.key, value: info.value, headers };
}

/** A record derived from another keeps its id, correlation, source and receive time. */
export function derivedRecord(
  from: Pick<BusRecord, 'headers'>,
  next: { topic: string; key: string | null; value: Buffer; contentType: string; schema?: string; headers?: Headers },
): OutgoingRecord {
  const inherited: Headers = {};
  for (const name of [H.id, H.correlationId, H.source, H.receivedAt] as const) {
    const v = from.headers[name];
    if (v !== undefined) inherited[name] = v;
  }
  const headers: Headers = {
    ...inherited,
    ...next.headers,
    [H.contentType]: next.contentType,
    [H.sha256]: sha256Hex(next.value),
  };
  if (next.schema !== undefined) headers[H.schema] = next.schema;
  return { topic: next.topic, key: next.key, value: next.value, headers };
}

export function ediId(record: Pick<BusRecord, 'headers'>): string {
  const id = record.headers[H.id];
  if (id === undefined) throw new Error('record has no edi-id header');
  return id;
}
