// What a record on tobacco.events.inbound says about its own form, whoever put it there: the
// file and HTTP intake set edi-content-type (and a file's name names its event schema, as in
// `edi validate`: Dispatch-0042.json), an ERP's Kafka producer sets nothing at all and its
// values start with the Confluent magic byte. Normalised here into the decoder's input.
import { H } from '../../topics/headers.js';
import type { BusRecord } from '../../topics/record.js';
import { looksConfluentFramed } from '../../schemas/avro/confluent-wire.js';
import type { EventInput } from './decode-event.js';
import { schemaFromFileName } from './format.js';

const CONFLUENT = 'application/vnd.confluent.avro';
/** Types that say nothing about the bytes: sniff them. */
const UNSPECIFIC = new Set(['application/octet-stream', 'binary/octet-stream', 'application/x-www-form-urlencoded', '']);

function media(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0]?.trim().toLowerCase();
}

/** The file name carried in edi-source ("<connector id>:<file name>"), if any. */
function sourceFileName(source: string | undefined): string | undefined {
  if (source === undefined) return undefined;
  const i = source.indexOf(':');
  return i < 0 ? undefined : source.slice(i + 1);
}

function startsLikeJson(value: Buffer): boolean {
  for (const b of value.subarray(0, 64)) {
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0xef || b === 0xbb || b === 0xbf) continue; // whitespace, UTF-8 BOM
    return b === 0x7b; // {
  }
  return false;
}

export function eventInputOf(record: Pick<BusRecord, 'value' | 'headers'>): EventInput {
  const named = record.headers[H.schema];
  const fromName = named === undefined ? schemaFromFileName(sourceFileName(record.headers[H.source]) ?? '') : undefined;
  const schema = named ?? fromName;
  const given = media(record.headers[H.contentType]);
  let contentType: string | undefined = record.headers[H.contentType];
  // A file inbox without a better guess labels records with the topic's content type (the
  // Confluent wire format for tobacco.events.inbound): JSON is still JSON.
  if (given === CONFLUENT && !looksConfluentFramed(record.value) && startsLikeJson(record.value)) {
    contentType = 'application/json';
  } else if (given === undefined || UNSPECIFIC.has(given)) {
    if (looksConfluentFramed(record.value)) contentType = CONFLUENT;
    else if (startsLikeJson(record.value)) contentType = 'application/json';
    else if (schema !== undefined) contentType = 'avro/binary';
    else contentType = undefined;
  }
  return { value: record.value, ...(contentType === undefined ? {} : { contentType }), ...(schema === undefined ? {} : { schema }) };
}

const CONTAINER_MAGIC = Buffer.from('Obj\x01', 'latin1');

/** An Avro object container file (many events and their schema in one file), not one event. */
export function isAvroContainerFile(value: Buffer): boolean {
  return value.length >= 4 && value.subarray(0, 4).equals(CONTAINER_MAGIC);
}

export function isConfluentInput(input: EventInput): boolean {
  return media(input.contentType) === CONFLUENT;
}
