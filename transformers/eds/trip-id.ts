// edi-ids of trips that did not arrive one per record. A CSV file is one record (one edi-id) on
// eds.trips.inbound but many trips, and each trip needs its own edi-id: delivery is idempotent
// per edi-id, so rows sharing the file's id would be delivered once in all. The row's id is
// derived from the file's id and the row number, not drawn at random, so a file delivered
// again after a crash (the transformer's output written, its offset not yet committed) yields
// the same ids, which delivery recognises as already sent — without leaning on EDS's 409. A
// record an outside producer wrote without edi-* headers gets an id from its place in the log,
// for the same reason. Both are ULIDs (the time part first), like every other edi-id.
import { createHash } from 'node:crypto';
import { H } from '../../topics/headers.js';
import type { BusRecord } from '../../topics/record.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

function timePart(ms: number): string {
  let out = '';
  for (let v = Math.max(0, Math.min(2 ** 48 - 1, Math.floor(ms))), i = 0; i < 10; i++, v = Math.floor(v / 32)) out = CROCKFORD[v % 32] + out;
  return out;
}

/** 80 bits of sha256(text) in Crockford base32 (the ULID's random part). */
function hashPart(text: string): string {
  let bits = 0n;
  for (const b of createHash('sha256').update(text, 'utf8').digest().subarray(0, 10)) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < 16; i++, bits >>= 5n) out = CROCKFORD[Number(bits & 31n)] + out;
  return out;
}

/** The edi-id of row `row` of the file whose edi-id is `fileId`: same inputs, same id. */
export function tripRowId(fileId: string, row: number): string {
  // A ULID file id lends its time part, so the rows sort with their file; any other id (a
  // record adopted from elsewhere always has a ULID) still gives a well-formed ULID.
  const time = ULID.test(fileId) ? fileId.slice(0, 10) : timePart(0);
  return time + hashPart(`${fileId}#${row}`);
}

/** The record itself when it has an edi-id; otherwise a copy with intake headers from its place in the log. */
export function adoptTripRecord(record: BusRecord): BusRecord {
  if (record.headers[H.id] !== undefined) return record;
  const where = `${record.topic}/${record.partition}/${record.offset}`;
  const id = timePart(record.timestamp) + hashPart(`${where}@${record.timestamp}`);
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
