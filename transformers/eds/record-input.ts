// What a record on eds.trips.inbound says about its own form, whoever put it there: the folder
// inbox labels a file by its extension (trips.csv → text/csv, .json, .avro → avro/binary), HTTP
// intake by the request's Content-Type, a dispatch system's own Kafka producer by nothing at
// all (Avro in the Confluent wire format, or JSON). Normalised here into one of: a CSV file of
// many trips, or one trip whose bytes decodeTrip reads (JSON, plain Avro, Confluent framing).
import { H } from '../../topics/headers.js';
import type { BusRecord } from '../../topics/record.js';
import { looksConfluentFramed } from '../../schemas/avro/confluent-wire.js';

export const CONFLUENT_CONTENT_TYPE = 'application/vnd.confluent.avro';
const CSV_TYPES = new Set(['text/csv', 'application/csv', 'text/comma-separated-values']);
/** Types that say nothing about the bytes: the file name or the bytes decide. */
const UNSPECIFIC = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'text/plain']);

export type TripInput = { kind: 'csv'; fileName: string } | { kind: 'trip'; contentType?: string };

function media(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** The document's own name carried in edi-source ("<connector>:<name>", "<connector>:<sender>/<name>"). */
export function sourceFileName(source: string | undefined): string | undefined {
  if (source === undefined) return undefined;
  const i = source.indexOf(':');
  if (i < 0) return undefined;
  const name = source.slice(i + 1).split('/').pop() ?? '';
  return name === '' ? undefined : name;
}

function startsLikeJson(value: Buffer): boolean {
  for (const b of value.subarray(0, 64)) {
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0xef || b === 0xbb || b === 0xbf) continue; // white space, UTF-8 BOM
    return b === 0x7b; // {
  }
  return false;
}

export function tripInputOf(record: Pick<BusRecord, 'value' | 'headers'>): TripInput {
  const type = media(record.headers[H.contentType]);
  const fileName = sourceFileName(record.headers[H.source]);
  const csvName = fileName !== undefined && /\.csv$/i.test(fileName);
  if (CSV_TYPES.has(type) || (csvName && (UNSPECIFIC.has(type) || !startsLikeJson(record.value)))) {
    return { kind: 'csv', fileName: fileName ?? 'trips.csv' };
  }
  if (type === CONFLUENT_CONTENT_TYPE && !looksConfluentFramed(record.value) && startsLikeJson(record.value)) return { kind: 'trip', contentType: 'application/json' };
  if (UNSPECIFIC.has(type)) {
    if (startsLikeJson(record.value)) return { kind: 'trip', contentType: 'application/json' };
    if (looksConfluentFramed(record.value)) return { kind: 'trip', contentType: CONFLUENT_CONTENT_TYPE };
    return { kind: 'trip', contentType: 'avro/binary' };
  }
  return { kind: 'trip', contentType: type };
}
