// An ERP's own Kafka producer writes tobacco.events.inbound without the broker's edi-* headers
// (it only knows the Confluent serializer). Such a record is adopted here: it gets an edi-id
// and the intake headers, derived only from where it sits in the log, so a redelivery after a
// crash gets the same edi-id — and so the same recall Code, which lets the router recognise a
// resend (issue 5). The id is a ULID (time = the record's timestamp) like every other edi-id.
import { createHash } from 'node:crypto';
import { H } from '../../topics/headers.js';
import type { BusRecord } from '../../topics/record.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 48-bit millisecond time + 80 bits taken from `entropy`, Crockford base32 (ulid spec). */
export function deterministicUlid(timeMs: number, entropy: Buffer): string {
  const t = Math.max(0, Math.min(2 ** 48 - 1, Math.floor(timeMs)));
  let time = '';
  for (let v = t, i = 0; i < 10; i++, v = Math.floor(v / 32)) time = CROCKFORD[v % 32] + time;
  let bits = 0n;
  for (const b of entropy.subarray(0, 10)) bits = (bits << 8n) | BigInt(b);
  let rand = '';
  for (let i = 0; i < 16; i++, bits >>= 5n) rand = CROCKFORD[Number(bits & 31n)] + rand;
  return time + rand;
}

/** The record itself when it has an edi-id; otherwise a copy with the intake headers. */
export function adoptForeignRecord(record: BusRecord): BusRecord {
  if (record.headers[H.id] !== undefined) return record;
  const where = `${record.topic}/${record.partition}/${record.offset}`;
  const id = deterministicUlid(record.timestamp, createHash('sha256').update(`${where}@${record.timestamp}`).digest());
  return {
    ...record,
    headers: {
      ...record.headers,
      [H.id]: id,
      [H.correlationId]: id,
      [H.source]: `kafka:${where}`,
      [H.receivedAt]: new Date(record.timestamp).toISOString(),
    },
  };
}
