// Record value → (message type, event object). Three forms arrive on tobacco.events.inbound
// (issue 5): Avro in the Confluent wire format (schema id resolved by the caller through the
// registry), plain Avro with its schema named in the edi-schema header, and JSON — an ERP
// event named by the header, or a data-dictionary message carrying its own Message_Type.
import type { Type } from 'avsc';
import { AvroDecodeError, decodeAvroBody, looksConfluentFramed, readConfluentFrame } from '../../schemas/avro/confluent-wire.js';
import { isMessageType, type MessageType } from '../../schemas/tobacco/index.js';
import type { EdiError } from '../../lib/errors.js';
import { tobaccoErrors } from './errors.js';
import { jsonErrorPosition } from './json-error-position.js';
import { readerFor, tobaccoEventSchema } from './event-schemas.js';

export type EventForm = 'confluent-avro' | 'avro' | 'json-event' | 'json-message';

export interface EventInput {
  value: Buffer;
  /** edi-content-type of the record. */
  contentType?: string;
  /** edi-schema of the record: the event schema (full or short name) or a Message_Type. */
  schema?: string;
}

export interface DecodedEvent {
  messageType: MessageType;
  event: Record<string, unknown>;
  form: EventForm;
  /** Registry id of the writer schema, for the Confluent wire format. */
  schemaId?: number;
}

export interface DecodeContext {
  /** Compiled writer schemas by registry id, already fetched by the caller (I/O stays outside). */
  writerFor?: (schemaId: number) => Type | undefined;
}

const CONFLUENT_TYPES = new Set(['application/vnd.confluent.avro']);
const AVRO_TYPES = new Set(['avro/binary', 'application/avro', 'application/vnd.apache.avro+binary']);

function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0]?.trim().toLowerCase();
}

function avroError(err: unknown): EdiError {
  if (err instanceof AvroDecodeError) {
    if (err.reason === 'unknown-schema-id') return tobaccoErrors.create('EDI_ERR_TOBACCO_SCHEMA_ID_UNKNOWN', { schemaId: err.schemaId }, { cause: err, detail: { schemaId: err.schemaId } });
    return tobaccoErrors.create('EDI_ERR_TOBACCO_AVRO', { reason: err.reason, detail: err.message }, { cause: err, detail: { reason: err.reason, schemaId: err.schemaId } });
  }
  throw err;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeJson(input: EventInput): DecodedEvent | EdiError {
  let text: string;
  try {
    text = utf8.decode(input.value);
  } catch {
    // Re-encoding replaces the first bad sequence with U+FFFD: the first differing byte is it.
    const offset = Buffer.from(input.value.toString('utf8'), 'utf8').findIndex((b, i) => b !== input.value[i]);
    return tobaccoErrors.create('EDI_ERR_TOBACCO_NOT_UTF8', { offset: Math.max(0, offset) });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a BOM some Windows ERPs write
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const at = jsonErrorPosition(text);
    const where = at ? ` at line ${at.line}, column ${at.column}` : '';
    return tobaccoErrors.create('EDI_ERR_TOBACCO_JSON', { reason: `${reason}${where}` }, { detail: at ? { line: at.line, column: at.column } : {} });
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return tobaccoErrors.create('EDI_ERR_TOBACCO_JSON', { reason: 'the top level must be a JSON object (one event per record)' });
  }
  const event = json as Record<string, unknown>;
  if (Object.hasOwn(event, 'Message_Type')) {
    const t = event.Message_Type;
    if (!isMessageType(t)) {
      return tobaccoErrors.create('EDI_ERR_TOBACCO_EVENT_TYPE_UNKNOWN', { reason: `Message_Type ${JSON.stringify(t)} is not a supported message (IRU … RCL)` }, { detail: { path: 'Message_Type' } });
    }
    return { messageType: t, event, form: 'json-message' };
  }
  const named = input.schema === undefined ? undefined : tobaccoEventSchema(input.schema);
  if (named === undefined) {
    return tobaccoErrors.create('EDI_ERR_TOBACCO_EVENT_TYPE_UNKNOWN', {
      reason: input.schema === undefined ? 'the JSON has no Message_Type and the record names no schema (edi-schema)' : `edi-schema ${JSON.stringify(input.schema)} is not a tobacco event schema`,
    });
  }
  return { messageType: named.messageType, event, form: 'json-event' };
}

export function decodeTobaccoEvent(input: EventInput, ctx: DecodeContext = {}): DecodedEvent | EdiError {
  const media = mediaType(input.contentType);
  try {
    if ((media !== undefined && CONFLUENT_TYPES.has(media)) || (media === undefined && looksConfluentFramed(input.value))) {
      const { schemaId, body } = readConfluentFrame(input.value);
      const writer = ctx.writerFor?.(schemaId);
      if (writer === undefined) throw new AvroDecodeError('unknown-schema-id', `schema id ${schemaId} is unknown`, schemaId);
      const ours = readerFor(writer);
      if (ours === undefined) {
        return tobaccoErrors.create('EDI_ERR_TOBACCO_EVENT_TYPE_UNKNOWN', { reason: `writer schema ${writer.name ?? '(anonymous)'} (id ${schemaId}) is not a tobacco event schema` });
      }
      // The writer may be another version of our schema: read it as ours (Avro schema resolution).
      const event = decodeAvroBody(body, writer, ours.schema.type, schemaId) as Record<string, unknown>;
      return { messageType: ours.messageType, event, form: 'confluent-avro', schemaId };
    }
    if (media !== undefined && AVRO_TYPES.has(media)) {
      const named = input.schema === undefined ? undefined : tobaccoEventSchema(input.schema);
      if (named === undefined) {
        return tobaccoErrors.create('EDI_ERR_TOBACCO_EVENT_TYPE_UNKNOWN', { reason: `plain Avro needs its schema named in edi-schema; got ${JSON.stringify(input.schema ?? null)}` });
      }
      const event = decodeAvroBody(input.value, named.schema.type) as Record<string, unknown>;
      return { messageType: named.messageType, event, form: 'avro' };
    }
  } catch (err) {
    return avroError(err);
  }
  return decodeJson(input);
}
